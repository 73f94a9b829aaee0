// Loaded before every test file (ava.config.js): tfjs' banner and warnings are noise in test output.
import { quietTf } from '../../src/backend/quiet-tf.js';

quietTf();
