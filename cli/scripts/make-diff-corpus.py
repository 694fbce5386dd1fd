#!/usr/bin/env python3
"""Builds the differential corpus for TriageDifferentialTest: every real sample line, every log-line
literal of the kernel-log and CLI tests, and seeded mutations of them (truncations, garbage and
invalid UTF-8 bytes, non-ASCII text, line-ending changes, prefixes, lines around the 16 KiB limit).
The expected --json output is produced by the code BEFORE a change (see the test's comment).

usage: cli/scripts/make-diff-corpus.py OUT.log   (run from the repository root; deterministic)"""
import glob, json, random, re, sys

rnd = random.Random(20261127)
base = []
for line in open('cli/src/test/resources/samples.log', encoding='utf-8'):
    base.append(line.rstrip('\n'))
for p in ['cli/src/test/resources/kernel-logs.jsonl', 'adapters/src/test/resources/samples/kernel-logs.jsonl']:
    for line in open(p, encoding='utf-8'):
        base.extend(json.loads(line)['text'].split('\n'))
lits = set()
for p in sorted(glob.glob('adapters/src/test/java/io/faultline/adapters/kernellog/*.java')
                + glob.glob('cli/src/test/java/io/faultline/cli/*.java')):
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', open(p, encoding='utf-8').read()):
        t = m.group(1)
        if len(t) > 25 and re.search(r'(: |0x|\[)', t) and '\\' not in t:
            lits.add(t)
base.extend(sorted(lits))
base = [b.encode('utf-8') for b in base]

PREFIXES = [b'<4>', b'kernel: ', b'Nov 27 10:00:00 host kernel: ', b'2026-11-27T10:00:00.123456+01:00 host kernel: ',
            b'> ', b'>> | ', b'[ +0.000123] ', b'[Fri Nov 27 10:00:00 2026] ', b'[  12.345678] ', b'  ']
BAD = [b'\xc3', b'\xff\xfe', b'\xe2\x82', b'\xed\xa0\x80', b'\xc0\xaf', b'\x00', b'\x1b[0m', b'\x7f',
       'é'.encode(), '€'.encode(), '😀'.encode(), b'"', b'\\', b'\t']

def mutate(b):
    k = rnd.randrange(10)
    if k == 0 and len(b) > 1:
        return b[:rnd.randrange(1, len(b))]
    if k == 1:
        i = rnd.randrange(len(b) + 1)
        return b[:i] + bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 4))) + b[i:]
    if k == 2:
        i = rnd.randrange(len(b) + 1)
        return b[:i] + rnd.choice(BAD) + b[i:]
    if k == 3 and b:
        i = rnd.randrange(len(b))
        return b[:i] + b[i + 1:]
    if k == 4 and b:
        i = rnd.randrange(len(b))
        return b[:i] + bytes([rnd.choice(b'gz0f9 :x[]()=')]) + b[i + 1:]
    if k == 5:
        return rnd.choice(PREFIXES) + b
    if k == 6 and b:
        i = rnd.randrange(len(b))
        return b[:i] + b[i:i + rnd.randrange(1, 12)] + b[i:]
    if k == 7:
        return b.replace(b' ', b'\t', 1)
    if k == 8:
        return b.upper() if rnd.random() < 0.5 else b.lower()
    return b

out = []
for b in base:
    out.append(b)
for _ in range(6):
    order = base[:]
    rnd.shuffle(order)
    for b in order:
        m = mutate(b)
        if rnd.random() < 0.3:
            m = mutate(m)
        out.append(m)
# a few sample blocks in order, mutated lightly, so multi-line records still meet their continuations
for _ in range(20):
    start = rnd.randrange(len(base) - 8)
    for b in base[start:start + 8]:
        out.append(mutate(b) if rnd.random() < 0.2 else b)
# lines around the 16 KiB limit, with and without a fault inside
fault = b'DMAR: [DMA Read] Request device [00:02.0] fault addr 9c000000 [fault reason 06] PTE Read access is not set'
for size in (16383, 16384, 16385, 20000, 70000):
    out.append(fault + b' ' + b'x' * (size - len(fault) - 1))
    out.append(b'y' * (size - len(fault)) + fault)
    out.append(b'\xc3\xa9' * (size // 2) + fault)
    out.append(b'z' * size)
data = bytearray()
for i, b in enumerate(out):
    end = b'\n' if i % 17 else (b'\r\n' if i % 34 else b'\r')
    data += b + end
data += b'AMD-Vi: Event logged [IO_PAGE_FAULT device=05:00.0 domain=0x0012 address=0x1000 flags=0x0070'  # no final newline
open(sys.argv[1], 'wb').write(data)
print(f'{len(out)} lines, {len(data)} bytes', file=sys.stderr)
