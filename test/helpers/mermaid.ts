/**
 * A structural check of Mermaid `erDiagram` text against the subset of the grammar schemalint emits
 * (mermaid's packages/mermaid/src/diagrams/er/parser/erDiagram.jison, restricted to what every version
 * accepts): the `erDiagram` line, entity blocks of attribute lines, and relationship lines.
 */

const ID = "[A-Za-z_][A-Za-z0-9_]*";
const TYPE = "[A-Za-z_][A-Za-z0-9_\\-()[\\]]*";
const KEY = "(?:PK|FK|UK)";
const QUOTED = '"[^"%\\\\\\n]*"';

const ENTITY_OPEN = new RegExp(`^ {4}(${ID}) \\{$`, "u");
const ENTITY_CLOSE = /^ {4}\}$/u;
const ATTRIBUTE = new RegExp(`^ {8}${TYPE} (${ID})(?: ${KEY}(?:, ${KEY})*)?(?: ${QUOTED})?$`, "u");
const CARD_LEFT = "(?:\\|\\||\\|o|\\}o|\\}\\|)";
const CARD_RIGHT = "(?:\\|\\||o\\||o\\{|\\|\\{)";
const RELATIONSHIP = new RegExp(`^ {4}(${ID}) ${CARD_LEFT}(?:--|\\.\\.)${CARD_RIGHT} (${ID}) : ${QUOTED}$`, "u");

/** Words Mermaid's lexer takes as keywords where an entity name stands. */
const RESERVED = new Set(["erdiagram", "one", "many", "only", "zero", "to", "u", "end", "class", "classdef", "style", "subgraph", "direction", "title", "acctitle", "accdescr"]);

function fail(n: number, line: string, why: string): never {
  throw new Error(`erDiagram line ${n + 1} ${why}: ${JSON.stringify(line)}`);
}

function checkName(n: number, line: string, name: string | undefined): void {
  if (name !== undefined && RESERVED.has(name.toLowerCase())) fail(n, line, `uses the keyword "${name}" as an entity name`);
}

/** Throws with the offending line unless `text` is one well-formed erDiagram ending with a newline. */
export function expectValidErDiagram(text: string): void {
  if (!text.endsWith("\n")) throw new Error("erDiagram text does not end with a newline.");
  const lines = text.slice(0, -1).split("\n");
  if (lines[0] !== "erDiagram") fail(0, lines[0] ?? "", "is not the erDiagram header");
  let inBlock = false;
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n] ?? "";
    if (inBlock) {
      if (ENTITY_CLOSE.test(line)) inBlock = false;
      else {
        const attribute = ATTRIBUTE.exec(line);
        if (attribute === null) fail(n, line, "is not an attribute line (type name [PK, FK, UK] [\"comment\"])");
        if (/^(?:pk|fk|uk)$/iu.test(attribute[1] ?? "")) fail(n, line, "names an attribute like a key marker");
      }
      continue;
    }
    const open = ENTITY_OPEN.exec(line);
    if (open !== null) {
      checkName(n, line, open[1]);
      inBlock = true;
      continue;
    }
    const relationship = RELATIONSHIP.exec(line);
    if (relationship === null) fail(n, line, "is neither an entity block nor a relationship");
    checkName(n, line, relationship[1]);
    checkName(n, line, relationship[2]);
  }
  if (inBlock) throw new Error("erDiagram ends inside an entity block.");
}
