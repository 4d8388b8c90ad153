// Node 20 (V8 11.3) has String.prototype.isWellFormed; lib ES2024 would also admit APIs Node 20 lacks.
interface String {
  isWellFormed(): boolean;
}
