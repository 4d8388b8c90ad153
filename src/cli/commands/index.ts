/** The subcommands, in the order of the pipeline. Each stage adds its entry here. */
import type { CommandDefinition } from '../command.js';
import { applyCommand } from './apply.js';
import { checkCommand } from './check.js';
import { copyCommand } from './copy.js';
import { demoCommand } from './demo.js';
import { introspectCommand } from './introspect.js';
import { mappingsExplainCommand, mappingsValidateCommand } from './mappings.js';
import { planCommand } from './plan.js';
import { runCommand } from './run.js';
import { verifyCommand } from './verify.js';

export const COMMANDS: readonly CommandDefinition[] = [demoCommand, checkCommand, introspectCommand, planCommand, applyCommand, copyCommand, verifyCommand, runCommand, mappingsExplainCommand, mappingsValidateCommand];
