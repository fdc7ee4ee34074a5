"""The Python peer of bench/logs.ts: reads every event file below a folder as TensorBoard's own
loader does without TensorFlow (TFRecord framing with struct, Event messages decoded by
python3-protobuf from TensorBoard's .proto compiled with protoc), keeping each scalar.
CRC checks are skipped here (pure-Python CRC-32C would dominate), which favours this peer.
usage: python3 logs_tb_python.py PB2_DIR LOG_DIR  ->  one JSON line {"bytes", "points", "seconds", "cpu_seconds"}"""
import json
import os
import struct
import sys
import time

sys.path.insert(0, sys.argv[1])
from tensorboardX.proto import event_pb2  # noqa: E402  (generated at bench time)


def read(path, scalars):
    with open(path, 'rb') as f:
        data = f.read()
    pos, n = 0, len(data)
    points = 0
    while pos + 12 <= n:
        (length,) = struct.unpack_from('<Q', data, pos)
        start = pos + 12
        end = start + length
        if end + 4 > n:
            break
        event = event_pb2.Event.FromString(data[start:end])
        if event.HasField('summary'):
            for v in event.summary.value:
                if v.WhichOneof('value') == 'simple_value':
                    scalars.setdefault(v.tag, []).append((event.step, v.simple_value, event.wall_time))
                    points += 1
        pos = end + 4
    return n, points


t = time.perf_counter()
c = time.process_time()
total = points = 0
runs = {}
for root, _, files in os.walk(sys.argv[2]):
    for name in sorted(files):
        if 'tfevents' in name:
            b, p = read(os.path.join(root, name), runs.setdefault(root, {}))
            total += b
            points += p
print(json.dumps({'bytes': total, 'points': points, 'seconds': time.perf_counter() - t, 'cpu_seconds': time.process_time() - c}))
