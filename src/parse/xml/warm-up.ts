// V8 drops the hidden classes of the parser's objects when no object uses them (after a full GC between two
// parses), and with them the optimized code that embedded them. One small parse of each kind at load time keeps
// an instance of each alive, so the optimized code survives between feeds (bench/README.md, "Parser warm-up").
import { joinBase } from '../urls.js';
import { XmlReader } from '../xml-reader.js';
import { XmlFeedBuilder } from './builder.js';

const KEEP_ALIVE: unknown[] = [];
function keepMapsAlive(): void {
  const samples = [
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title><link>http://x.example/</link>' +
      '<atom:link rel="self" href="http://x.example/f"/><image><url>http://x.example/i.png</url></image><item><title>a &amp; b</title><link>http://x.example/1</link>' +
      '<description><![CDATA[<p>x</p>]]></description><pubDate>Thu, 27 Jan 2022 10:09:07 GMT</pubDate><guid isPermaLink="false">g</guid><dc:creator>c</dc:creator>' +
      '<category>k</category><enclosure url="http://x.example/a.mp3" type="audio/mpeg" length="1"/></item></channel></rss>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://x.example/"><title type="html">t</title><link href="/"/><entry><title>e</title><link href="e"/>' +
      '<id>i</id><published>2022-01-27T10:09:07Z</published><author><name>n</name></author><category term="c"/><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content></entry></feed>',
  ];
  for (const text of samples) {
    try {
      // both ways of reading: whole text and windows
      for (const windowed of [false, true]) {
        const bytes = Buffer.from(text, 'utf8');
        const builder = new XmlFeedBuilder({}, null);
        builder.detachItems = true;
        const ascii = bytes.length === text.length;
        const reader = windowed
          ? new XmlReader(null, builder, null, joinBase, ascii ? bytes : null, ascii ? null : bytes, 128)
          : new XmlReader(text, builder, null, joinBase, ascii ? bytes : null);
        builder.reader = reader;
        reader.run();
        KEEP_ALIVE.push(builder, reader, builder.result());
      }
    } catch {
      // only an optimisation: never let it break loading the parser
    }
  }
}
keepMapsAlive();
