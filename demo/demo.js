// The demo page of `concertina export --demo`: loads the bundle next to it with the concertina runtime
// (wasm backend) and recognises a dropped WAV file or a recording from the microphone.
import { InferencePipeline, decodeWav, useWasm } from './concertina-runtime.js';

const $ = (id) => document.getElementById(id);
const here = new URL('./', location.href).href;
const recordSeconds = Number(new URLSearchParams(location.search).get('seconds') ?? 2);
let pipeline;

function setState(state, message) {
  document.body.dataset.state = state;
  $('status').textContent = message ?? '';
}

/** Shows a recognition: the words, the phoneme posteriors as a picture, the n-best list. */
function show(result, ms, what) {
  $('words').textContent = result.text || '(nothing)';
  $('timing').textContent = `${what}: recognised in ${ms.toFixed(1)} ms`;
  const post = Object.values(result.stages).find((s) => s.kind === 'posteriors');
  if (post) drawPosteriors(post);
  const nbest = Object.values(result.stages).find((s) => s.kind === 'n-best');
  $('nbest').replaceChildren(
    ...(nbest?.hypotheses ?? []).slice(0, 5).map((h) => {
      const tr = document.createElement('tr');
      for (const v of [h.words.join(' ') || '(empty)', h.score.toFixed(2)]) {
        const td = document.createElement('td');
        td.textContent = v;
        tr.append(td);
      }
      return tr;
    }),
  );
}

function drawPosteriors(p) {
  const canvas = $('posteriors');
  const units = p.units.length;
  canvas.width = Math.max(1, p.frames);
  canvas.height = units;
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(p.frames, units);
  for (let t = 0; t < p.frames; t++)
    for (let u = 0; u < units; u++) {
      const v = 255 - Math.round(255 * Math.exp(p.logProbs[t * units + u]));
      const o = 4 * (u * p.frames + t);
      img.data[o] = v;
      img.data[o + 1] = v;
      img.data[o + 2] = 255;
      img.data[o + 3] = 255;
    }
  ctx.putImageData(img, 0, 0);
}

function recognize(samples, rate, what) {
  const t0 = performance.now();
  const result = pipeline.recognize(samples, rate);
  show(result, performance.now() - t0, what);
  setState('done', `${what}: ${result.text}`);
  return result;
}

async function recognizeFile(file) {
  setState('busy', `reading ${file.name}`);
  try {
    const audio = decodeWav(new Uint8Array(await file.arrayBuffer()), file.name);
    recognize(audio.samples, audio.sampleRate, file.name);
  } catch (err) {
    setState('error', String(err.message ?? err));
  }
}

async function recordMicrophone() {
  setState('busy', 'recording');
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const ctx = new AudioContext();
    // An AudioWorklet that posts every block it hears; its module comes from a Blob so the page stays two files.
    const worklet = `registerProcessor('tap', class extends AudioWorkletProcessor {
      process(inputs) { if (inputs[0][0]) this.port.postMessage(inputs[0][0].slice()); return true; }
    });`;
    await ctx.audioWorklet.addModule(URL.createObjectURL(new Blob([worklet], { type: 'text/javascript' })));
    const source = ctx.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(ctx, 'tap');
    const chunks = [];
    node.port.onmessage = (e) => chunks.push(e.data);
    source.connect(node);
    await new Promise((r) => setTimeout(r, recordSeconds * 1000));
    source.disconnect();
    node.port.onmessage = null;
    stream.getTracks().forEach((t) => t.stop());
    const n = chunks.reduce((k, c) => k + c.length, 0);
    const samples = new Float32Array(n);
    let o = 0;
    for (const c of chunks) {
      samples.set(c, o);
      o += c.length;
    }
    const rate = ctx.sampleRate;
    await ctx.close();
    recognize(samples, rate, `microphone (${(n / rate).toFixed(1)} s at ${rate} Hz)`);
  } catch (err) {
    setState('error', String(err.message ?? err));
  }
}

async function main() {
  const backend = await useWasm(here);
  pipeline = await InferencePipeline.load(here);
  const m = pipeline.manifest;
  const acc = m.run.metrics[m.output]?.accuracy;
  $('about').textContent =
    `${m.pipeline} (${m.mode}), run ${m.run.id}` +
    (acc !== undefined ? `, test accuracy ${(100 * acc).toFixed(1)}%` : '') +
    `; tfjs backend: ${backend}; stages: ${m.stages.map((s) => s.id).join(' -> ')}`;
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const file = e.dataTransfer?.files?.[0];
    if (file) recognizeFile(file);
  });
  $('file').addEventListener('change', (e) => {
    const file = e.target.files?.[0];
    if (file) recognizeFile(file);
  });
  $('mic').addEventListener('click', () => recordMicrophone());
  setState('ready', 'ready');
}

main().catch((err) => setState('error', String(err.message ?? err)));
