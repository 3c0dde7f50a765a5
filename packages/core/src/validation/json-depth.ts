/**
 * How deep a JSON body may nest: pydantic's JSON parser stops at the same depth ("recursion
 * limit exceeded"). Deeper documents would exhaust the stack later, when a 422 echoes them.
 */
export const MAX_JSON_DEPTH = 200;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The position of the bracket that nests deeper than `max`, or -1. One pass over the text that
 * skips strings; a body too short to nest that deep is not scanned at all.
 */
export function tooDeepAt(text: string, max = MAX_JSON_DEPTH): number {
  if (text.length <= max * 2) return -1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > max) return i;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return -1;
}
