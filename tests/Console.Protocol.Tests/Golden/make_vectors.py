#!/usr/bin/env python3
"""Golden frames for PROTOCOL.md, built independently of the C# codec (struct + zlib).

Run: python3 make_vectors.py > GoldenFrames.txt
Each line: name, then the frame in hex. GoldenFrameTests decodes each frame to the typed
message the test spells out by hand, and encodes that message back to the same bytes.
"""
import struct, zlib

TS = 1_700_000_000_000

def u8(v): return struct.pack('<B', v)
def u16(v): return struct.pack('<H', v)
def u32(v): return struct.pack('<I', v)
def u64(v): return struct.pack('<Q', v)
def i16(v): return struct.pack('<h', v)
def i32(v): return struct.pack('<i', v)
def s(v): b = v.encode('utf-8'); return u8(len(b)) + b
def by(v): return u16(len(v)) + v
def lst(items): return u16(len(items)) + b''.join(items)
def pose(x, y, t): return i32(x) + i32(y) + i32(t)

def frame(msg, body, seq, agv, flags=0, result=0, ts=TS):
    head = b'\x5a\xa5' + u8(1) + u8(flags) + u16(msg) + u16(result) + u32(seq) + u32(agv) + u64(ts) + u32(len(body))
    data = head + body
    return data + u32(zlib.crc32(data) & 0xffffffff)

RESP, ACK = 1, 4
KEY = lambda b: bytes([4]) + bytes([b]) * 64

state = (u32(1) + pose(1000, 2000, 0) + u8(95) + i32(0) + i32(0) + i32(0) + u8(80) + u16(25600)
         + u8(0) + u8(1) + u8(0) + u32(0xFFFFFFFF) + u32(12) + u32(0xFFFFFFFF) + u16(0) + u8(0)
         + lst([u8(0) + u8(0) + u8(0) + i32(0)]) + lst([]))
state_moving = (u32(2) + pose(-1500, 30000, -1571) + u8(60) + i32(800) + i32(-5) + i32(120) + u8(7) + u16(23000)
         + u8(1) + u8(2) + u8(3) + u32(77) + u32(101) + u32(102) + u16(3) + u8(1)
         + lst([u8(0) + u8(0) + u8(1) + i32(350), u8(2) + u8(1) + u8(3) + i32(-1)])
         + lst([u16(0x0102) + u8(2), u16(7) + u8(1)]))
path_point_line = u32(101) + pose(1000, 0, 0) + u8(0) + u8(0) + u8(0) + i32(1200) + lst([]) + lst([])
path_point_arc = (u32(102) + pose(2000, 1000, 1571) + u8(2) + u8(0) + u8(1) + i32(600)
                  + lst([pose(1707, 293, 785)]) + lst([u8(0) + u8(0) + u8(1) + i32(50) + i32(20)]))
path_point_bezier = (u32(103) + pose(3000, 2000, 0) + u8(1) + u8(1) + u8(2) + i32(300)
                     + lst([pose(2300, 1200, 0), pose(2700, 2000, 0)]) + lst([]))

vectors = [
    ('AccessRequest.normal', frame(0x0001, u8(0) + s('Acme') + s('ACME-001') + u8(1), 1, 0, ACK)),
    ('AccessRequest.secure', frame(0x0001, u8(1) + s('Acme') + s('ACME-001') + u8(1) + by(KEY(0x11)) + by(KEY(0x22)) + u8(1), 1, 0, ACK)),
    ('AccessResponse.normal', frame(0x0001, u8(0), 1, 0, RESP)),
    ('AccessResponse.secure', frame(0x0001, u8(1) + by(KEY(0x33)) + by(KEY(0x44)) + by(bytes(range(32))) + u8(1), 1, 0, RESP)),
    ('AccessResponse.refused', frame(0x0001, b'', 1, 0, RESP, result=6)),
    ('AccessConfirm', frame(0x0002, by(bytes(range(32, 64))), 2, 0, ACK)),
    ('AccessConfirm.response', frame(0x0002, b'', 2, 0, RESP)),
    ('Heartbeat.fromAgv', frame(0x0003, u32(3600), 9, 7, ACK)),
    ('Heartbeat.fromRcs', frame(0x0003, u32(86400), 5, 7, ACK)),
    ('HeartbeatResponse.fromRcs', frame(0x0003, u64(TS + 5), 9, 7, RESP)),
    ('HeartbeatResponse.fromAgv', frame(0x0003, b'', 5, 7, RESP)),
    ('Disconnect', frame(0x0004, u8(3), 6, 7, ACK)),
    ('Disconnect.response', frame(0x0004, b'', 6, 7, RESP)),
    ('Register', frame(0x0010, s('ACME-001') + s('Acme') + s('L1000') + s('2.4.1') + u8(0) + u8(0)
        + u16(1200) + u16(800) + u16(300) + u16(0) + u32(1000) + i32(1500) + u32(2400)
        + lst([u8(0) + u8(0) + i32(0) + i32(60), u8(1) + u8(0) + i32(-3142) + i32(3142)])
        + u32(1) + pose(1000, 2000, 0), 2, 0, ACK)),
    ('Register.unicode', frame(0x0010, s('新松-07') + s('新松') + s('叉车') + s('') + u8(1) + u8(1)
        + u16(2000) + u16(1000) + u16(2100) + u16(1500) + u32(1500) + i32(1200) + u32(4800)
        + lst([]) + u32(0xFFFFFFFF) + pose(0x7FFFFFFF, 0x7FFFFFFF, 0x7FFFFFFF), 3, 0, ACK)),
    ('RegisterResponse', frame(0x0010, u32(7) + u32(1000) + u32(100) + u32(60000), 2, 0, RESP)),
    ('RegisterResponse.duplicate', frame(0x0010, b'', 2, 0, RESP, result=9)),
    ('ParamQuery.all', frame(0x0020, lst([]), 1, 7, ACK)),
    ('ParamQuery', frame(0x0020, lst([u16(0x0001), u16(0x0012)]), 2, 7, ACK)),
    ('ParamQueryResponse', frame(0x0020, lst([u16(0x0001) + u8(3) + u32(100), u16(0x0012) + u8(4) + i16(-5),
        u16(0x0010) + u8(1) + u8(20), u16(0x0030) + u8(2) + u16(500), u16(0x0020) + u8(5) + i32(-1),
        u16(0x0100) + u8(6) + s('vendor-ext')]), 2, 7, RESP)),
    ('ParamSet', frame(0x0021, lst([u16(0x0001) + u8(3) + u32(100), u16(0x0002) + u8(3) + u32(10)]), 3, 7, ACK)),
    ('ParamSetResponse', frame(0x0021, lst([u16(0x0001) + u16(0), u16(0x0002) + u16(2)]), 3, 7, RESP)),
    ('MotionControl', frame(0x0030, u32(77) + u8(1) + u8(1) + lst([path_point_line, path_point_arc, path_point_bezier])
        + lst([u8(0) + u8(0) + u8(1) + i32(60) + i32(30)]), 4, 7, ACK)),
    ('MotionControlResponse', frame(0x0030, u32(77), 4, 7, RESP)),
    ('MotionControlResponse.rejected', frame(0x0030, b'', 4, 7, RESP, result=8)),
    ('MotionCommand', frame(0x0031, u32(77) + u8(3), 5, 7, ACK)),
    ('MotionCommand.response', frame(0x0031, b'', 5, 7, RESP)),
    ('ChargeControl', frame(0x0032, u8(0) + u32(901), 6, 7, ACK)),
    ('ChargeControl.response', frame(0x0032, b'', 6, 7, RESP, result=5)),
    ('NavigationSwitch', frame(0x0033, u8(1) + u32(150), 7, 7, ACK)),
    ('NavigationSwitch.response', frame(0x0033, b'', 7, 7, RESP)),
    ('MapSwitch', frame(0x0034, u32(2) + u32(2001) + pose(500, 500, 1571), 8, 7, ACK)),
    ('MapSwitch.response', frame(0x0034, b'', 8, 7, RESP)),
    ('SpaceRequest.rectangle', frame(0x0040, u32(11) + u8(0) + u8(0) + pose(5000, 3000, 0) + u32(3000) + u32(1500)
        + u32(10000) + lst([pose(4000, 3000, 0), pose(5000, 3400, 300), pose(6000, 3000, 0)]), 10, 7, ACK)),
    ('SpaceRequest.polygon', frame(0x0040, u32(12) + u8(1) + u8(1) + lst([i32(0) + i32(0), i32(1000) + i32(0), i32(1000) + i32(1000), i32(0) + i32(1000)])
        + u32(5000) + lst([]), 11, 7, ACK)),
    ('SpaceRequest.circle', frame(0x0040, u32(13) + u8(2) + u8(2) + i32(-200) + i32(300) + u32(900) + u32(2000) + lst([]), 12, 7, ACK)),
    ('SpaceRequestResponse.partial', frame(0x0040, u32(11) + u8(2) + u8(0) + pose(5000, 3000, 0) + u32(2000) + u32(1500)
        + u64(TS + 10000), 10, 7, RESP)),
    ('SpaceRequestResponse.denied', frame(0x0040, u32(12) + u8(1) + u8(0) + pose(0, 0, 0) + u32(0) + u32(0) + u64(0), 11, 7, RESP)),
    ('SpaceRelease', frame(0x0041, u32(11), 13, 7, ACK)),
    ('SpaceRelease.response', frame(0x0041, b'', 13, 7, RESP)),
    ('StateReport.worked', frame(0x0050, state, 42, 7)),
    ('StateReport.moving', frame(0x0050, state_moving, 43, 7, ACK)),
    ('StateReport.response', frame(0x0050, b'', 43, 7, RESP)),
    ('RunDataReport', frame(0x0051, u64(123456789012) + u32(86400) + u32(321) + i16(45) + i16(-3) + i16(52)
        + i32(-1200) + u32(2) + u32(5) + u32(9), 44, 7)),
    ('RunDataReport.response', frame(0x0051, b'', 44, 7, RESP)),
    ('EventReport', frame(0x0052, u16(0x0201) + u8(2) + u8(0) + s('激光雷达 blocked'), 45, 7)),
    ('EventReport.response', frame(0x0052, b'', 45, 7, RESP)),
    ('TaskReport', frame(0x0053, u32(77) + u8(3) + u16(2) + u16(0x0301), 46, 7)),
    ('TaskReport.response', frame(0x0053, b'', 46, 7, RESP)),
]

if __name__ == '__main__':
    for name, data in vectors:
        print(name, data.hex())
