/**
 * A Conv2D gradient that also handles dilations > 1 (tfjs 4.22's asserts they are 1, so a dilated conv1d,
 * which is a Conv2D with dilations [1, d], cannot train on any backend). Registered globally, for every
 * backend; undilated and NCHW convs go to tfjs's own gradient unchanged.
 *
 * With dilation d (stride is then 1), output o = q·d + r only reads padded input at (q + k)·d + r, so the
 * conv splits into d·d undilated convs over the phases: spaceToBatchND gives those phases as extra batch
 * entries, and the ordinary gradient kernels run on them with no wasted taps.
 */
import * as tf from '@tensorflow/tfjs';

let registered: tf.GradConfig | undefined;

/** Registers the dilation-aware Conv2D gradient (idempotent). */
export function registerDilatedConv2DGradient(): void {
  const current = tf.getGradient(tf.Conv2D) as tf.GradConfig | undefined;
  if (current !== undefined && current === registered) return;
  if (current === undefined) throw new Error('tfjs has no Conv2D gradient to extend');
  const stock = current;
  registered = {
    kernelName: tf.Conv2D,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const dilations = attrs['dilations'] as number | [number, number] | undefined;
      const [dH, dW] = typeof dilations === 'number' ? [dilations, dilations] : (dilations ?? [1, 1]);
      if ((dH === 1 && dW === 1) || attrs['dataFormat'] === 'NCHW') return stock.gradFunc(dy, saved, attrs);
      return dilatedGrad(dy as tf.Tensor4D, saved as [tf.Tensor4D, tf.Tensor4D], attrs, dH, dW);
    },
  };
  tf.registerGradient(registered);
}

function dilatedGrad(
  dy: tf.Tensor4D,
  saved: [tf.Tensor4D, tf.Tensor4D],
  attrs: tf.NamedAttrMap,
  dH: number,
  dW: number,
) {
  const [x, filter] = saved;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape,
    filter.shape,
    attrs['strides'] as number | [number, number],
    [dH, dW],
    attrs['pad'] as 'valid' | 'same' | number,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
  );
  const { top, bottom, left, right } = info.padInfo;
  // Extra rows/cols at the end so padded sizes divide by the block; the output then does too.
  const eH = (dH - ((info.inHeight + top + bottom) % dH)) % dH;
  const eW = (dW - ((info.inWidth + left + right) % dW)) % dW;
  const xPads = [
    [top, bottom + eH],
    [left, right + eW],
  ];
  const phases = () => tf.spaceToBatchND(x, [dH, dW], xPads);
  const dyPhases = () =>
    tf.spaceToBatchND(
      dy,
      [dH, dW],
      [
        [0, eH],
        [0, eW],
      ],
    );
  return {
    x: () =>
      tf.tidy(() => {
        const xp = phases();
        const dxp = tf.conv2dTranspose(dyPhases(), filter, xp.shape, 1, 'valid');
        return tf.batchToSpaceND(dxp, [dH, dW], xPads);
      }),
    filter: () =>
      tf.tidy(
        () =>
          tf.engine().runKernel(
            tf.Conv2DBackpropFilter,
            { x: phases(), dy: dyPhases() },
            {
              strides: [1, 1],
              pad: 'valid',
              dataFormat: 'NHWC',
              filterShape: filter.shape,
            },
          ) as tf.Tensor4D,
      ),
  };
}
