#!/usr/bin/env python3
"""BB (buffer-based, linear in the rung index) as an external ABR program.

Run it with dash-abr-bench --abr "exec:python3 player/abr_exec/examples/bb.py".
It reproduces the built-in `bb` exactly (tests/player/abr_exec/exec_bb_test.cc).

The protocol (player/abr_exec/README.md): one JSON object per line on stdin,
answers as one JSON object per line on stdout, flushed. It may open with a
hello naming the fields it reads; the objects then carry only those.
  (it writes first) {"type":"hello","fields":{"context":[...],...}}
  {"type":"start"}                          a new session: reset any state
  {"type":"observe","result":{...}}         a download finished: no answer
  {"type":"choose","context":{...}}         answer {"rung": N, ...}
  {"type":"abandon","progress":{...},...}   answer {"rung": null} (carry on) or a lower rung
Standard library only.

Speed (README.md, "Speed"): the time per decision is the round trip through
the kernel plus this loop, so the loop does little: its hello asks for the
two context fields BB reads (every later "choose" is then ~100 bytes
instead of ~750), it reads bytes (no decoding layer), looks at the start of
each line to know its type ("type" is always the first key, written exactly
as above), parses with json.loads only the messages it uses (BB needs no
observations), and writes each answer with one formatted write and one
flush.
"""
import json
import sys

# Pensieve's BB: below the reservoir the lowest rung, above reservoir +
# cushion the top rung, linear in the rung index in between.
RESERVOIR_S = 5.0
CUSHION_S = 10.0

# The fields BB reads; observations and abandon progress it ignores.
HELLO = '{"type":"hello","fields":{"context":["buffer_s","bitrates_bps"],"result":[],"progress":[]}}\n'


def choose(context):
    buffer_s = context["buffer_s"]
    top = len(context["bitrates_bps"]) - 1
    if buffer_s < RESERVOIR_S:
        rung = 0
    elif buffer_s >= RESERVOIR_S + CUSHION_S:
        rung = top
    else:
        # Same operations, in the same order, as the built-in bb: top * (B - r) / c, truncated.
        rung = min(int(top * (buffer_s - RESERVOIR_S) / CUSHION_S), top)
    return rung


def main():
    out = sys.stdout
    # First, before any answer (questions sent before dashstream reads it,
    # the first "choose" included, still carry every field).
    out.write(HELLO)
    out.flush()
    # Binary stdin: each line is returned as soon as it has arrived whole.
    for line in sys.stdin.buffer:
        if line.startswith(b'{"type":"choose"'):
            out.write('{"rung":%d}\n' % choose(json.loads(line)["context"]))
            out.flush()
        elif line.startswith(b'{"type":"abandon"'):
            out.write('{"rung":null}\n')
            out.flush()
        # "start" and "observe": BB keeps no state.


if __name__ == "__main__":
    main()
