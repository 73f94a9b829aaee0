import type { Command } from 'commander';
import { dataCommand } from './data.js';

/** Commands added by features beyond the core (data, ablate, compare, cache). */
export const extraCommands: ((program: Command) => void)[] = [dataCommand];
