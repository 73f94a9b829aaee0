import test from 'ava';
import {
  BLANK,
  BLANK_ID,
  PHONES,
  PHONE_ALPHABET,
  isPhone,
  phoneId,
  phoneIndex,
  phoneOfId,
  stripStress,
} from '../../src/speech/phone-set.js';

test('the phone set is the 39 stress-free CMU phones in cmudict order', (t) => {
  t.is(PHONES.length, 39);
  t.is(new Set(PHONES).size, 39);
  t.deepEqual([...PHONES], [...PHONES].sort(), 'alphabetical, as cmudict.phones');
  t.deepEqual(PHONES.slice(0, 4), ['AA', 'AE', 'AH', 'AO']);
  t.is(PHONES[38], 'ZH');
  t.false(
    PHONES.some((p) => /\d/.test(p)),
    'no stress digits',
  );
});

test('ids reserve 0 for the CTC blank and are phone index + 1', (t) => {
  t.is(BLANK_ID, 0);
  t.is(PHONE_ALPHABET[0], BLANK);
  t.is(PHONE_ALPHABET.length, 40);
  for (const p of PHONES) {
    t.is(phoneId(p), phoneIndex(p) + 1);
    t.is(PHONE_ALPHABET[phoneId(p)], p);
    t.is(phoneOfId(phoneId(p)), p);
  }
  t.is(phoneId('AA'), 1);
  t.is(phoneId('ZH'), 39);
});

test('stress is stripped and symbols outside the set are rejected', (t) => {
  t.is(stripStress('AH0'), 'AH');
  t.is(stripStress('iy1'), 'IY');
  t.is(stripStress('ZH'), 'ZH');
  t.true(isPhone('NG'));
  t.false(isPhone('AX'));
  t.false(isPhone('AH1'));
  t.throws(() => phoneIndex('AX'), { instanceOf: RangeError, message: /'AX' is not one of the 39 ARPAbet phones/ });
  t.throws(() => phoneOfId(40), { instanceOf: RangeError, message: /phone id 40 is outside 0\.\.39/ });
});
