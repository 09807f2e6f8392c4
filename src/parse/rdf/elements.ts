// RSS 1.0 and 0.90 (RDF): RSS's channel and item vocabulary (rss/elements.ts) under an `<rdf:RDF>` root, with
// items beside the channel rather than inside it, an id in `rdf:about`, and `<items>`/`<image rdf:resource>`
// as references only.
import { A, type Vocabulary } from '../xml/actions.js';

export const RDF: Vocabulary = {
  feed: [['items', A.Skip]],
  item: [],
};

const RSS090_NS = /^http:\/\/(my|channel)\.netscape\.com\/rdf\/simple\/0\.9\/?$/;

/** Whether a namespace is RSS 0.90's (the document is then version 0.9, not 1.0). */
export function isRss090(ns: string | undefined): boolean {
  return ns !== undefined && RSS090_NS.test(ns);
}

/** Whether the root element (by canonical key) is `<rdf:RDF>`. */
export function isRdfRoot(key: string): boolean {
  return key === 'rdf:rdf';
}
