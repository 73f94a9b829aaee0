import type { Command } from 'commander';
import { ablateCommand } from './ablate.js';
import { cacheCommand } from './cache.js';
import { compareCommand } from './compare.js';
import { dataCommand } from './data.js';

/** Commands added by features beyond the core (data, ablate, compare, cache). */
export const extraCommands: ((program: Command) => void)[] = [dataCommand, ablateCommand, compareCommand, cacheCommand];
