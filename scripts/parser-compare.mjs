#!/usr/bin/env node
// Measures the two ways to parse T-SQL routines that issue 19 weighed (docs/architecture.md, "Own
// T-SQL parser"): ms2pg's hand-written parser (dist/, so `npm run build` first) and a parser generated
// from the community grammar (grammars-v4 sql/tsql) with antlr-ng and the antlr4ng runtime.
//
//   node scripts/parser-compare.mjs                           # the hand-written parser only
//   node scripts/parser-compare.mjs --grammar <dir>           # both; <dir> holds TSqlLexer.g4 and TSqlParser.g4
//   node scripts/parser-compare.mjs --grammar <dir> --routines 10000
//
// The grammar is not shipped with ms2pg: take sql/tsql from the grammars-v4 repository. The generator
// and runtime are installed from npm into a scratch folder (--work, default the system temp dir),
// never into the project. Figures are printed, nothing is asserted.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const grammar = option('--grammar', undefined);
const count = Number(option('--routines', '10000'));
// A parser slower than this per run is measured on as many routines as fit, and the rest extrapolated.
const budgetMs = Number(option('--budget-seconds', '120')) * 1000;
const work = resolve(option('--work', join(tmpdir(), 'ms2pg-parser-compare')));
const ANTLR_NG = 'antlr-ng@1.0.10';
const ANTLR4NG = 'antlr4ng@3.0.16';

// Every routine we have: the fixtures and the example, batch by batch.
const SOURCES = ['test/fixtures/mssql/routines.sql', 'test/fixtures/mssql/northwind.sql', 'test/fixtures/mssql/all-objects.sql', 'examples/municipal/source.sql'];
const corpus = SOURCES.flatMap((file) =>
  readFileSync(join(root, file), 'utf8')
    .split(/^\s*GO\s*$/im)
    .map((batch) => batch.replace(/^(\s*--[^\n]*\n)*/, '').trim())
    .filter((batch) => /^CREATE\s+(OR\s+ALTER\s+)?(PROC|PROCEDURE|FUNCTION|TRIGGER)\b/i.test(batch))
    .map((text) => ({ file, name: /^CREATE\s+(?:OR\s+ALTER\s+)?\w+\s+((?:\[[^\]]+\]|[^\s(])+)/i.exec(text)?.[1] ?? '?', text })),
);

// Broken routines: where does each parser say the problem is?
const BROKEN = [
  { what: 'END missing', text: 'CREATE PROCEDURE p AS\nBEGIN\n  SELECT 1;\n', at: 'end of text' },
  { what: 'stray token', text: 'CREATE PROCEDURE p AS\nBEGIN\n  SELECT 1 +;\nEND', at: '3:12' },
  { what: 'unclosed string', text: "CREATE PROCEDURE p AS\nBEGIN\n  PRINT 'x;\nEND", at: '3:9' },
];

const lines = (text) => text.split('\n').length;
// ANTLR lists every token it expected (hundreds): the table keeps the start and the position.
const shorten = (message) => message.replace(/expecting \{[^}]*\}/, (list) => `expecting one of ${list.split(',').length} tokens`);
const ms = (t) => `${t.toFixed(0)} ms`;

function timed(fn) {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

function repeat(n) {
  return Array.from({ length: n }, (_, i) => corpus[i % corpus.length].text);
}

/** Parses `count` routines (the corpus over and over) or as many as the time budget allows. */
function throughput(parse) {
  const texts = repeat(count);
  const start = performance.now();
  let done = 0;
  for (const text of texts) {
    parse(text);
    done++;
    if (performance.now() - start > budgetMs) break;
  }
  const elapsed = performance.now() - start;
  return { done, ms: elapsed, perSecond: (done / elapsed) * 1000 };
}

const progress = (message) => process.stderr.write(`${message}\n`);

// ---- the hand-written parser

async function handWritten() {
  const { parseRoutine } = await import(pathToFileURL(join(root, 'dist/translate/statement-parser.js')).href);
  const outcome = (text) => {
    try {
      parseRoutine(text);
      return { ok: true };
    } catch (error) {
      return { ok: false, message: error.message, position: /at line \d+ col \d+/.test(error.message) };
    }
  };
  const results = corpus.map((r) => ({ ...r, ...outcome(r.text) }));
  const cold = timed(() => corpus.forEach((r) => outcome(r.text))).ms;
  const warm = throughput(outcome);
  const broken = BROKEN.map((b) => ({ ...b, said: outcome(b.text).message }));
  const sourceLines = ['src/translate/lexer.ts', 'src/translate/parser.ts', 'src/translate/statement-parser.ts', 'src/translate/ast.ts', 'src/translate/statement-ast.ts'].reduce((n, f) => n + lines(readFileSync(join(root, f), 'utf8')), 0);
  return { results, cold, warm, broken, cost: { 'source lines (lexer, parsers, both ASTs)': String(sourceLines), 'runtime dependencies': 'none', 'build step': 'tsc with the rest of ms2pg' } };
}

// ---- the generated parser

function sh(command, argv, cwd) {
  return execFileSync(command, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 }).toString();
}

function dirBytes(dir) {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? dirBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

async function generated(grammarDir) {
  mkdirSync(work, { recursive: true });
  if (!existsSync(join(work, 'node_modules/antlr4ng'))) {
    writeFileSync(join(work, 'package.json'), '{"private":true,"type":"module"}\n');
    sh('npm', ['install', '--no-audit', '--no-fund', ANTLR_NG, ANTLR4NG], work);
  }
  const gen = join(work, 'gen');
  mkdirSync(gen, { recursive: true });
  const runner = join(work, 'node_modules/antlr-ng/dist/cli/runner.js');
  progress('generating the parser with antlr-ng');
  const generate = timed(() => {
    sh(process.execPath, [runner, '-Dlanguage=TypeScript', '-o', gen, join(grammarDir, 'TSqlLexer.g4')], work);
    sh(process.execPath, [runner, '-Dlanguage=TypeScript', '-o', gen, '--lib', gen, join(grammarDir, 'TSqlParser.g4')], work);
  }).ms;
  // Transpile without type checking, as a build would with esbuild or swc.
  const ts = createRequire(join(root, 'package.json'))('typescript');
  const files = ['TSqlLexer', 'TSqlParser', 'TSqlParserListener'];
  const transpile = timed(() => {
    for (const f of files) {
      const out = ts.transpileModule(readFileSync(join(gen, `${f}.ts`), 'utf8'), { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022 } });
      writeFileSync(join(gen, `${f}.js`), out.outputText);
    }
  }).ms;
  const load = performance.now();
  const { CharStream, CommonTokenStream, BaseErrorListener } = await import(pathToFileURL(join(work, 'node_modules/antlr4ng/dist/index.mjs')).href).catch(() => import(pathToFileURL(join(work, 'node_modules/antlr4ng/dist/index.js')).href));
  const { TSqlLexer } = await import(pathToFileURL(join(gen, 'TSqlLexer.js')).href);
  const { TSqlParser } = await import(pathToFileURL(join(gen, 'TSqlParser.js')).href);
  const loadMs = performance.now() - load;
  class Collect extends BaseErrorListener {
    errors = [];
    syntaxError(_recognizer, _symbol, line, column, message) {
      this.errors.push(`${message} at line ${line} col ${column + 1}`);
    }
  }
  const outcome = (text) => {
    const errors = new Collect();
    const lexer = new TSqlLexer(CharStream.fromString(text));
    lexer.removeErrorListeners();
    lexer.addErrorListener(errors);
    const parser = new TSqlParser(new CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.addErrorListener(errors);
    parser.tsql_file();
    return errors.errors.length === 0 ? { ok: true } : { ok: false, message: shorten(errors.errors[0]), position: true };
  };
  progress('generated parser: first pass over the corpus');
  const results = [];
  const cold = timed(() => {
    for (const r of corpus) {
      const started = performance.now();
      results.push({ ...r, ...outcome(r.text), ms: performance.now() - started });
    }
  }).ms;
  progress(`generated parser: first pass ${ms(cold)}; throughput`);
  const warm = throughput(outcome);
  const broken = BROKEN.map((b) => ({ ...b, said: outcome(b.text).message ?? '(accepted)' }));
  const size = (f) => statSync(join(gen, f)).size;
  const generatedBytes = files.reduce((n, f) => n + size(`${f}.ts`), 0) + size('TSqlLexer.interp') + size('TSqlParser.interp');
  const grammarText = readFileSync(join(grammarDir, 'TSqlParser.g4'), 'utf8');
  const rules = (grammarText.match(/^[a-z_][a-z_0-9]*\s*$/gm) ?? []).length + (grammarText.match(/^[a-z_][a-z_0-9]*\s*:/gm) ?? []).length;
  return {
    results,
    cold,
    warm,
    broken,
    cost: {
      'grammar lines (lexer + parser)': String(lines(readFileSync(join(grammarDir, 'TSqlLexer.g4'), 'utf8')) + lines(grammarText)),
      'parser rules': String(rules),
      'generated TypeScript': `${(generatedBytes / 1e6).toFixed(1)} MB`,
      'generate (antlr-ng)': ms(generate),
      'transpile (no type check)': ms(transpile),
      'import of the generated parser': ms(loadMs),
      'runtime dependency': `antlr4ng, ${(dirBytes(join(work, 'node_modules/antlr4ng')) / 1e6).toFixed(1)} MB on disk`,
      'still to write': 'a visitor from the parse tree to ms2pg\'s AST (the translation is ms2pg\'s either way)',
    },
  };
}

// ---- report

const hand = await handWritten();
const antlr = grammar === undefined ? undefined : await generated(resolve(grammar));
const parsers = [['hand-written', hand], ...(antlr === undefined ? [] : [['generated (grammars-v4)', antlr]])];

console.log(`corpus: ${corpus.length} routines from ${SOURCES.join(', ')}\n`);
console.log('| measure | ' + parsers.map(([n]) => n).join(' | ') + ' |');
console.log('| --- | ' + parsers.map(() => '---').join(' | ') + ' |');
const row = (label, f) => console.log(`| ${label} | ${parsers.map(([, p]) => f(p)).join(' | ')} |`);
row('parsed without error', (p) => `${p.results.filter((r) => r.ok).length} of ${corpus.length}`);
row('not parsed, with line:col', (p) => String(p.results.filter((r) => !r.ok && r.position).length));
row('first pass over the corpus (cold)', (p) => ms(p.cold));
row('routines per second after the first pass', (p) => Math.round(p.warm.perSecond).toLocaleString('en-US'));
row(`${count.toLocaleString('en-US')} routines`, (p) => (p.warm.done >= count ? ms(p.warm.ms) : `${(count / p.warm.perSecond).toFixed(0)} s, extrapolated from ${p.warm.done} in ${(p.warm.ms / 1000).toFixed(0)} s`));
if (antlr !== undefined) {
  const slowest = [...antlr.results].sort((a, b) => b.ms - a.ms).slice(0, 3);
  console.log(`\ngenerated parser, slowest routines of the first pass: ${slowest.map((r) => `${r.name} ${ms(r.ms)} (${lines(r.text)} lines)`).join(', ')}`);
}
for (const b of BROKEN) row(`broken: ${b.what} (at ${b.at})`, (p) => p.broken.find((x) => x.what === b.what)?.said ?? '');
const costKeys = [...new Set(parsers.flatMap(([, p]) => Object.keys(p.cost)))];
for (const key of costKeys) row(key, (p) => p.cost[key] ?? '-');
for (const [name, p] of parsers) {
  const failed = p.results.filter((r) => !r.ok);
  if (failed.length > 0) console.log(`\n${name}, not parsed:\n${failed.map((r) => `- ${r.file} ${r.name}: ${r.message}`).join('\n')}`);
}
