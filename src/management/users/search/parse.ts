// Auth0's user search query syntax (search_engine v3, a subset of Lucene's query string):
// `field:value`, quoted exact values, `*` wildcards, ranges `[a TO b]` / `{a TO b}` with `*` for
// an open end, AND / OR / NOT (also `&&`, `||`, `!`, `-`) and parentheses. Terms side by side
// are joined by OR, Lucene's default operator. What the grammar does not cover (fuzzy `~`,
// boosts `^`, regular expressions `/…/`, `?` wildcards, unbalanced quotes or parentheses) is
// refused by name rather than read as something else.

export type Value =
  /** `quoted`: the value was in double quotes (Auth0: an exact match of the whole value) */
  | { type: 'term'; text: string; quoted: boolean }
  /** `*` stands for any run of characters; the rest is literal */
  | { type: 'wildcard'; pattern: string }
  | { type: 'range'; from: string | null; to: string | null; fromInclusive: boolean; toInclusive: boolean };

export type Query =
  | { kind: 'and'; items: Query[] }
  | { kind: 'or'; items: Query[] }
  | { kind: 'not'; item: Query }
  /** `field` undefined: a free-text term */
  | { kind: 'match'; field?: string; value: Value };

export class QuerySyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}

type Token =
  | { t: 'word'; text: string; wildcard: boolean; at: number }
  | { t: 'phrase'; text: string; at: number }
  | { t: 'colon' | 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'lbracket' | 'rbracket' | 'to'; at: number; close?: '}' | ']'; open?: '{' | '[' };

const WORD_END = /[\s():"[\]{}]/;
const MAX_DEPTH = 32;

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === '(') (out.push({ t: 'lparen', at }), i++);
    else if (c === ')') (out.push({ t: 'rparen', at }), i++);
    else if (c === ':') (out.push({ t: 'colon', at }), i++);
    else if (c === '[' || c === '{') (out.push({ t: 'lbracket', open: c, at }), i++);
    else if (c === ']' || c === '}') (out.push({ t: 'rbracket', close: c, at }), i++);
    else if (c === '&' && q[i + 1] === '&') (out.push({ t: 'and', at }), (i += 2));
    else if (c === '|' && q[i + 1] === '|') (out.push({ t: 'or', at }), (i += 2));
    else if ((c === '!' || c === '-') && i + 1 < q.length && !/\s/.test(q[i + 1]!)) (out.push({ t: 'not', at }), i++);
    else if (c === '+') throw new QuerySyntaxError('the required-term operator "+" is not supported; use AND');
    else if (c === '/') throw new QuerySyntaxError('regular expressions (/…/) are not supported');
    else if (c === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= q.length) throw new QuerySyntaxError('unbalanced quotes: a quoted value is not closed');
        const d = q[i]!;
        if (d === '\\' && i + 1 < q.length) ((text += q[i + 1]!), (i += 2));
        else if (d === '"') break;
        else ((text += d), i++);
      }
      i++;
      if (q[i] === '~') throw new QuerySyntaxError('proximity searches ("…"~n) are not supported');
      if (q[i] === '^') throw new QuerySyntaxError('boosts (^) are not supported');
      out.push({ t: 'phrase', text, at });
    } else {
      let text = '';
      let wildcard = false;
      while (i < q.length && !WORD_END.test(q[i]!)) {
        const d = q[i]!;
        if (d === '\\' && i + 1 < q.length) {
          // An escaped character is literal, wildcards included (kept escaped for the wildcard reader).
          text += d === '\\' && q[i + 1] === '*' ? '\\*' : q[i + 1]!;
          i += 2;
          continue;
        }
        if (d === '~') throw new QuerySyntaxError('fuzzy searches (~) are not supported');
        if (d === '^') throw new QuerySyntaxError('boosts (^) are not supported');
        if (d === '?') throw new QuerySyntaxError('the single-character wildcard "?" is not supported; use *');
        if (d === '/') throw new QuerySyntaxError('regular expressions (/…/) are not supported');
        if (d === '*') wildcard = true;
        text += d;
        i++;
      }
      if (text === 'AND') out.push({ t: 'and', at });
      else if (text === 'OR') out.push({ t: 'or', at });
      else if (text === 'NOT') out.push({ t: 'not', at });
      else if (text === 'TO') out.push({ t: 'to', at });
      else out.push({ t: 'word', text, wildcard, at });
    }
  }
  return out;
}

/** Parses `q` into a query tree; throws QuerySyntaxError naming what it cannot read. */
export function parseQuery(q: string): Query {
  const tokens = tokenize(q);
  if (!tokens.length) throw new QuerySyntaxError('the query is empty');
  let pos = 0;
  let depth = 0;
  const peek = () => tokens[pos];
  const describe = (t: Token | undefined) => (t ? `"${q.slice(t.at, t.at + 12).split(/\s/)[0]}" at position ${t.at + 1}` : 'the end of the query');

  // or := and (OR and | and)*      (side by side: Lucene's default operator, OR)
  function parseOr(): Query {
    const items = [parseAnd()];
    for (;;) {
      const t = peek();
      if (!t || t.t === 'rparen') break;
      if (t.t === 'or') pos++;
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  // and := unary (AND unary)*
  function parseAnd(): Query {
    const items = [parseUnary()];
    while (peek()?.t === 'and') {
      pos++;
      items.push(parseUnary());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  // unary := NOT unary | primary
  function parseUnary(): Query {
    if (peek()?.t === 'not') {
      pos++;
      return { kind: 'not', item: parseUnary() };
    }
    return parsePrimary();
  }

  function group(inner: () => Query): Query {
    if (++depth > MAX_DEPTH) throw new QuerySyntaxError(`parentheses nest deeper than ${MAX_DEPTH} levels`);
    pos++;
    if (peek()?.t === 'rparen') throw new QuerySyntaxError(`empty parentheses at position ${peek()!.at + 1}`);
    const node = inner();
    if (peek()?.t !== 'rparen') throw new QuerySyntaxError('unbalanced parentheses: a "(" is not closed');
    pos++;
    depth--;
    return node;
  }

  // primary := '(' or ')' | field ':' (value | '(' values ')') | value
  function parsePrimary(): Query {
    const t = peek();
    if (!t) throw new QuerySyntaxError('the query ends where a term was expected');
    if (t.t === 'lparen') return group(parseOr);
    if (t.t === 'rparen') throw new QuerySyntaxError(`unbalanced parentheses: a ")" at position ${t.at + 1} has no "("`);
    if (t.t === 'word' && tokens[pos + 1]?.t === 'colon') {
      if (t.wildcard) throw new QuerySyntaxError(`wildcards in field names (${t.text}) are not supported`);
      const field = t.text;
      pos += 2;
      if (peek()?.t === 'lparen') return group(() => fieldGroup(field));
      return { kind: 'match', field, value: parseValue() };
    }
    return { kind: 'match', value: parseValue() };
  }

  // Inside `field:( … )` every bare value belongs to the field.
  function fieldGroup(field: string): Query {
    const withField = (q: Query): Query => {
      if (q.kind === 'match') {
        if (q.field !== undefined) throw new QuerySyntaxError(`a field (${q.field}) inside the group of field ${field} is not supported`);
        return { ...q, field };
      }
      if (q.kind === 'not') return { kind: 'not', item: withField(q.item) };
      return { kind: q.kind, items: q.items.map(withField) };
    };
    return withField(parseOr());
  }

  function parseValue(): Value {
    const t = peek();
    if (!t) throw new QuerySyntaxError('the query ends where a value was expected');
    if (t.t === 'phrase') {
      pos++;
      return { type: 'term', text: t.text, quoted: true };
    }
    if (t.t === 'word') {
      pos++;
      return t.wildcard ? { type: 'wildcard', pattern: t.text } : { type: 'term', text: t.text.replace(/\\\*/g, '*'), quoted: false };
    }
    if (t.t === 'lbracket') return parseRange();
    throw new QuerySyntaxError(`unexpected ${describe(t)}`);
  }

  function rangeEnd(): string | null {
    const t = peek();
    if (t?.t === 'phrase') return (pos++, t.text);
    if (t?.t === 'word') {
      pos++;
      if (t.text === '*') return null;
      if (t.wildcard) throw new QuerySyntaxError('wildcards inside a range are not supported');
      return t.text;
    }
    throw new QuerySyntaxError(`a range needs the form [from TO to]; found ${describe(t)}`);
  }

  function parseRange(): Value {
    const open = tokens[pos++] as { open?: '{' | '[' };
    const from = rangeEnd();
    if (peek()?.t !== 'to') throw new QuerySyntaxError(`a range needs the form [from TO to]; found ${describe(peek())}`);
    pos++;
    const to = rangeEnd();
    const close = peek();
    if (close?.t !== 'rbracket') throw new QuerySyntaxError('unbalanced brackets: a range is not closed with "]" or "}"');
    pos++;
    return { type: 'range', from, to, fromInclusive: open.open === '[', toInclusive: close.close === ']' };
  }

  const query = parseOr();
  const rest = peek();
  if (rest)
    throw new QuerySyntaxError(rest.t === 'rparen' ? `unbalanced parentheses: a ")" at position ${rest.at + 1} has no "("` : `unexpected ${describe(rest)}`);
  return query;
}
