/** The subcommands, in the order of the pipeline. Each stage adds its entry here. */
import type { CommandDefinition } from '../command.js';
import { checkCommand } from './check.js';
import { introspectCommand } from './introspect.js';

export const COMMANDS: readonly CommandDefinition[] = [checkCommand, introspectCommand];
