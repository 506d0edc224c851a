#!/usr/bin/env python3
"""Secure-mode vectors for PROTOCOL.md §6, built independently of the C# code and of BouncyCastle.

Run: python3 make_secure_vectors.py > SecureVectors.txt
Needs: Python 3 with hashlib's 'sm3' and the 'cryptography' package (both OpenSSL underneath,
for SM3 and SM4); the SM2 arithmetic (curve, Z, key exchange, signatures) is written out here
from GB/T 32918 and PROTOCOL.md §6.2, in plain integers. If the openssl command is on PATH, the
script also has OpenSSL verify its signatures with the protocol's user ids (a third opinion).

Each line: name, then a value in hex. SecureVectorTests derives, verifies and opens these with
the console's code and must get exactly these bytes. Signatures use a fixed nonce k so that the
file is reproducible; a real signer draws k at random.
"""
import hashlib, hmac, os, shutil, struct, subprocess, tempfile, zlib

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives import padding

import make_vectors  # beside this file: the plain bodies of the golden frames

# sm2p256v1 (GB/T 32918.5)
P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
G = (0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7,
     0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0)
H = 1


def on_curve(pt):
    x, y = pt
    return (y * y - (x * x * x + A * x + B)) % P == 0


def add(p1, p2):
    if p1 is None: return p2
    if p2 is None: return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2 and (y1 + y2) % P == 0: return None
    if p1 == p2:
        lam = (3 * x1 * x1 + A) * pow(2 * y1, -1, P) % P
    else:
        lam = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (lam * lam - x1 - x2) % P
    return x3, (lam * (x1 - x3) - y1) % P


def mul(k, pt):
    r = None
    while k:
        if k & 1: r = add(r, pt)
        pt = add(pt, pt)
        k >>= 1
    return r


def b32(v): return v.to_bytes(32, 'big')
def point(pt): return b'\x04' + b32(pt[0]) + b32(pt[1])
def sm3(*parts): return hashlib.new('sm3', b''.join(parts)).digest()


def z(user_id, pub):
    ident = user_id.encode('utf-8')
    return sm3(struct.pack('>H', len(ident) * 8), ident, b32(A), b32(B), b32(G[0]), b32(G[1]), b32(pub[0]), b32(pub[1]))


def kdf(data, length):
    out, ct = b'', 1
    while len(out) < length:
        out += sm3(data, struct.pack('>I', ct))
        ct += 1
    return out[:length]


def xbar(x):  # w = 127
    return (1 << 127) + (x & ((1 << 127) - 1))


def key_exchange(own_d, own_r, peer_pub, peer_eph):
    """V = [h·t](P_peer + [x̄_peer] R_peer), t = (d + x̄_own · r) mod n."""
    own_eph = mul(own_r, G)
    t = (own_d + xbar(own_eph[0]) * own_r) % N
    return mul(H * t, add(peer_pub, mul(xbar(peer_eph[0]), peer_eph)))


def der_int(v):
    raw = v.to_bytes((v.bit_length() + 7) // 8 or 1, 'big')
    if raw[0] & 0x80: raw = b'\x00' + raw
    return b'\x02' + bytes([len(raw)]) + raw


def sign(d, user_id, msg, k):
    pub = mul(d, G)
    e = int.from_bytes(sm3(z(user_id, pub), msg), 'big')
    x1, _ = mul(k, G)
    r = (e + x1) % N
    s = pow(1 + d, -1, N) * (k - r * d) % N
    assert r != 0 and (r + k) % N != 0 and s != 0
    body = der_int(r) + der_int(s)
    return b'\x30' + bytes([len(body)]) + body


def verify(pub, user_id, msg, sig):
    # Parses only what sign() writes: SEQUENCE { INTEGER r, INTEGER s }, short lengths.
    assert sig[0] == 0x30 and sig[2] == 0x02
    rl = sig[3]; r = int.from_bytes(sig[4:4 + rl], 'big')
    sl = sig[5 + rl]; s = int.from_bytes(sig[6 + rl:6 + rl + sl], 'big')
    e = int.from_bytes(sm3(z(user_id, pub), msg), 'big')
    t = (r + s) % N
    if t == 0: return False
    x1, _ = add(mul(s, G), mul(t, pub))
    return (e + x1) % N == r


def openssl_verifies(pub, user_id, msg, sig):
    """None when there is no openssl command; else whether OpenSSL accepts sig with that id."""
    if shutil.which('openssl') is None: return None
    spki = bytes.fromhex('3059301306072a8648ce3d020106082a811ccf5501822d034200') + point(pub)
    with tempfile.TemporaryDirectory() as d:
        paths = {n: os.path.join(d, n) for n in ('pub.der', 'msg', 'sig')}
        for name, data in (('pub.der', spki), ('msg', msg), ('sig', sig)):
            with open(paths[name], 'wb') as f: f.write(data)
        run = subprocess.run(['openssl', 'pkeyutl', '-verify', '-pubin', '-keyform', 'DER', '-inkey', paths['pub.der'],
                              '-rawin', '-digest', 'sm3', '-in', paths['msg'], '-sigfile', paths['sig'],
                              '-pkeyopt', 'distid:' + user_id], capture_output=True)
        return run.returncode == 0


def sm4_cbc(key, iv, plain):
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain) + padder.finalize()
    enc = Cipher(algorithms.SM4(key), modes.CBC(iv)).encryptor()
    return enc.update(padded) + enc.finalize()


assert on_curve(G) and mul(N, G) is None

# Fixed keys: d_A, r_A of the AGV (initiator, id = serial), d_B, r_B of the RCS (responder, id = Agv:RcsId).
AGV_ID, RCS_ID = 'ACME-001', 'RCS'
D_A = 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8
R_A = 0x83A2C9C8B96E5AF70BD480B472409A9A327257F1EBB73F5B073354B248668563
D_B = 0x6FCBA2EF9AE0AB902BC3BDE3FF915D44BA4CC78F88E2F8E7F8996D3B8CCEEDEE
R_B = 0x33FE21940342161C55619C4A0C060293D543C80AF19748CE176D83477DE71C80
PA, RA, PB, RB = mul(D_A, G), mul(R_A, G), mul(D_B, G), mul(R_B, G)
ZA, ZB = z(AGV_ID, PA), z(RCS_ID, PB)

V = key_exchange(D_A, R_A, PB, RB)
assert V is not None and V == key_exchange(D_B, R_B, PA, RA)  # both roles reach the same V
xv, yv = b32(V[0]), b32(V[1])
K = kdf(xv + yv + ZA + ZB, 32)
inner = sm3(xv, ZA, ZB, b32(RA[0]), b32(RA[1]), b32(RB[0]), b32(RB[1]))
S_B, S_A = sm3(b'\x02', yv, inner), sm3(b'\x03', yv, inner)

TS = 1_700_000_000_000
ENCRYPTED, ACK = 2, 4


def header(msg_type, seq, agv_id, flags, body_len):
    return b'\x5a\xa5' + struct.pack('<BBHHIIQI', 1, flags, msg_type, 0, seq, agv_id, TS, body_len)


def sealed_frame(msg_type, seq, flags, plain, iv, tag_fn):
    """A whole encrypted frame as PROTOCOL.md §2 and §6.3 define it, sealed with K."""
    ct = sm4_cbc(K[:16], iv, plain)
    authenticated = header(msg_type, seq, 7, flags | ENCRYPTED, 0)[:24]  # bodyLength is not authenticated
    tag = tag_fn(authenticated + iv + ct)
    body = struct.pack('<H', len(iv)) + iv + struct.pack('<I', len(ct)) + ct + struct.pack('<H', len(tag)) + tag
    data = header(msg_type, seq, 7, flags | ENCRYPTED, len(body)) + body
    return data + struct.pack('<I', zlib.crc32(data) & 0xffffffff)


# The bodies of the golden frames 'StateReport.worked' and 'TaskReport'.
state = make_vectors.state
task = make_vectors.u32(77) + make_vectors.u8(3) + make_vectors.u16(2) + make_vectors.u16(0x0301)
IV1 = bytes(range(0xA0, 0xB0))
IV2 = bytes(range(0xC0, 0xD0))
K_SIG_STATE = 0x59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21
K_SIG_TASK = 0x1D4CB1D6D1C4E5D2A8C3E8C8F5C9A2B1C3D4E5F60718293A4B5C6D7E8F901234
K_SIG_DEFAULT_ID = 0x2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F80912


def mac_tag(data): return hmac.new(K[16:], data, 'sm3').digest()


def sig_tag(k, user_id=AGV_ID):
    return lambda data: sign(D_A, user_id, data, k)


state_mac = sealed_frame(0x0050, 42, 0, state, IV1, mac_tag)
state_signed = sealed_frame(0x0050, 42, 0, state, IV1, sig_tag(K_SIG_STATE))
task_signed = sealed_frame(0x0053, 46, ACK, task, IV2, sig_tag(K_SIG_TASK))
# Signed with the library default id instead of the serial: a conforming receiver refuses it.
task_default_id = sealed_frame(0x0053, 46, ACK, task, IV2, sig_tag(K_SIG_DEFAULT_ID, '1234567812345678'))


def tag_of(frame):
    body = frame[28:-4]
    ct_len = struct.unpack_from('<I', body, 18)[0]
    return frame[:24] + body[2:18] + body[22:22 + ct_len], body[22 + ct_len + 2:]


for frame, user_id, ok in ((state_signed, AGV_ID, True), (task_signed, AGV_ID, True), (task_default_id, AGV_ID, False)):
    tagged, sig = tag_of(frame)
    assert verify(PA, user_id, tagged, sig) == ok
    assert openssl_verifies(PA, user_id, tagged, sig) in (None, ok)

vectors = [
    ('agv.id', AGV_ID.encode()), ('rcs.id', RCS_ID.encode()),
    ('agv.static.private', b32(D_A)), ('agv.static.public', point(PA)),
    ('agv.ephemeral.private', b32(R_A)), ('agv.ephemeral.public', point(RA)),
    ('rcs.static.private', b32(D_B)), ('rcs.static.public', point(PB)),
    ('rcs.ephemeral.private', b32(R_B)), ('rcs.ephemeral.public', point(RB)),
    ('ZA', ZA), ('ZB', ZB), ('K', K), ('S_A', S_A), ('S_B', S_B),
    ('StateReport.plain', state), ('TaskReport.plain', task),
    ('StateReport.profile1.frame', state_mac),
    ('StateReport.profile0.frame', state_signed),
    ('TaskReport.profile0.frame', task_signed),
    ('TaskReport.defaultId.frame', task_default_id),
]

if __name__ == '__main__':
    for name, data in vectors:
        print(name, data.hex())
