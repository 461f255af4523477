// What a script needs beyond the oldest browsers a site supports (README
// "Browsers": iOS Safari 14 and Chrome 87, so ECMAScript 2020): acorn parses
// it at that level (syntax: `??=`, class fields, the RegExp `d` flag …), and
// its tokens are searched for what such a parser still accepts but those
// browsers lack: regex lookbehind and later built-ins.
import * as acorn from 'acorn';

export const ECMA_VERSION = 2020;

// Methods and static functions called as `.name(`: the first iOS Safari.
const LATER_METHODS = {
  at: 'Array/String.prototype.at (Safari 15.4)',
  findLast: 'Array.prototype.findLast (Safari 15.4)',
  findLastIndex: 'Array.prototype.findLastIndex (Safari 15.4)',
  replaceAll: 'String.prototype.replaceAll (ES2021)',
  hasOwn: 'Object.hasOwn (Safari 15.4)',
  toSorted: 'Array.prototype.toSorted (Safari 16)',
  toReversed: 'Array.prototype.toReversed (Safari 16)',
  toSpliced: 'Array.prototype.toSpliced (Safari 16)',
  groupBy: 'Object/Map.groupBy (Safari 17.4)',
  withResolvers: 'Promise.withResolvers (Safari 17.4)',
  fromAsync: 'Array.fromAsync (Safari 16.4)',
  isWellFormed: 'String.prototype.isWellFormed (Safari 16.4)',
  toWellFormed: 'String.prototype.toWellFormed (Safari 16.4)',
};
// Globals: the first iOS Safari.
const LATER_GLOBALS = {
  structuredClone: 'structuredClone (Safari 15.4)',
  WeakRef: 'WeakRef (Safari 14.1)',
  FinalizationRegistry: 'FinalizationRegistry (Safari 14.1)',
};
const LOOKBEHIND = /\(\?<[=!]/;

/** Problems of `source` as `line:column what` strings; [] when it runs on
 * the oldest supported browsers. */
export function problemsOf(source) {
  const tokens = [];
  try {
    acorn.parse(source, { ecmaVersion: ECMA_VERSION, sourceType: 'script', locations: true, onToken: tokens });
  } catch (error) {
    return [`${error.loc ? `${error.loc.line}:${error.loc.column + 1}` : '?'} not ECMAScript ${ECMA_VERSION}: ${error.message}`];
  }
  const tt = acorn.tokTypes;
  const problems = [];
  const at = (token) => `${token.loc.start.line}:${token.loc.start.column + 1}`;
  tokens.forEach((token, i) => {
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    if (token.type === tt.regexp && LOOKBEHIND.test(token.value.pattern)) {
      problems.push(`${at(token)} regex lookbehind (Safari 16.4): /${token.value.pattern}/`);
    } else if (token.type === tt.string && LOOKBEHIND.test(token.value)) {
      problems.push(`${at(token)} regex lookbehind in a string (Safari 16.4): ${JSON.stringify(token.value)}`);
    } else if (token.type === tt.name && before && before.type === tt.dot && after && after.type === tt.parenL
      && Object.prototype.hasOwnProperty.call(LATER_METHODS, token.value)) {
      problems.push(`${at(token)} ${LATER_METHODS[token.value]}`);
    } else if (token.type === tt.name && !(before && before.type === tt.dot)
      && Object.prototype.hasOwnProperty.call(LATER_GLOBALS, token.value)) {
      problems.push(`${at(token)} ${LATER_GLOBALS[token.value]}`);
    }
  });
  return problems;
}
