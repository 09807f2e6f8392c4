// Inline styles: what may stay in a `style` attribute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeStyle } from '../../../src/transform/sanitize/css.js';

test('inline styles: dangerous declarations removed, the rest kept; unchanged styles identical', () => {
  assert.equal(sanitizeStyle('color:#666666;'), 'color:#666666;');
  assert.equal(sanitizeStyle('font-family:\\5b8b\\4f53; color: red'), 'font-family:\\5b8b\\4f53; color: red');
  assert.equal(sanitizeStyle('color:red; background:url(javascript:alert(1)); margin:0'), 'color:red; margin:0');
  assert.equal(sanitizeStyle('background:url("https://img.example/a.png")'), 'background:url("https://img.example/a.png")');
  assert.equal(sanitizeStyle('width:expression(alert(1))'), null);
  assert.equal(sanitizeStyle('-moz-binding:url(http://x/y.xml#z)'), null);
  assert.equal(sanitizeStyle('behavior:url(x.htc)'), null);
  assert.equal(sanitizeStyle('color:red;x:ex\\pression(alert(1))'), 'color:red');
});

test('inline styles cannot pin a box over the blog page', () => {
  assert.equal(sanitizeStyle('position:fixed;inset:0;z-index:99999;background:#fff'), 'inset:0; z-index:99999; background:#fff');
  assert.equal(sanitizeStyle('POSITION: Sticky; top:0'), 'top:0');
  assert.equal(sanitizeStyle('position:relative; top:2px'), 'position:relative; top:2px');
});
