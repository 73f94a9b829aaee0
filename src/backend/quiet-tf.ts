import * as tf from '@tensorflow/tfjs';

/**
 * Silences tfjs' console output (the "Hi, looks like you are running TensorFlow.js in Node.js" banner
 * and its warnings): concertina reports the backend and its problems itself. Production mode changes
 * nothing else in tfjs but its logging.
 */
export function quietTf(): void {
  if (!tf.env().getBool('PROD')) tf.enableProdMode();
}
