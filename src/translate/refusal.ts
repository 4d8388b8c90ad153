/** A construct the translator will not translate, named with its position in the T-SQL text. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

export class Refusal extends Error {
  constructor(construct: string, position?: Position) {
    super(position === undefined ? construct : `${construct} at line ${position.line} col ${position.col}`);
    this.name = 'Refusal';
  }
}
