using System.Diagnostics;
using AgvConsole.Protocol.Messages;
using AgvConsole.Protocol.Security;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace AgvConsole.Benchmarks;

/// <summary>
/// Secure-mode operations per second of CPU time, counted as <c>openssl speed</c> counts (CPU time,
/// not wall-clock time), so that the figures can stand beside OpenSSL's own on a machine that other
/// work shares: BenchmarkDotNet's wall-clock means stretch with the load, CPU time much less.
/// Each operation runs for a warm-up second, then for --seconds of this process's CPU time.
/// <code>dotnet run -c Release --project bench/Console.Benchmarks -- crypto-rate [--seconds 3]</code>
/// </summary>
public static class CryptoRate
{
    public static int Run(string[] args)
    {
        double seconds = args.Length >= 2 && args[0] == "--seconds" ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var implementations = new List<Sm2Signatures> { BouncyCastleSm2.Instance };
        if (OpenSslSm2.TryCreate(out var why) is { } openSsl) implementations.Insert(0, openSsl);
        else Console.WriteLine($"OpenSSL not measured: {why}");

        Console.WriteLine($"{"operation",-44} {"per CPU-second",16} {"µs of CPU each",16}");
        var macPair = new SecurePair(IntegrityProfile.SignedAndMac, BouncyCastleSm2.Instance);
        var mac = new SecureFrame(macPair);
        Report("profile 1: seal + read + open", seconds, () =>
        {
            if (mac.RoundTrip() != SecurityFailure.None) throw new InvalidOperationException("does not open");
        });
        // The parts, as SecureChannel uses them: SM4 blocks chained by CBC, HMAC-SM3 (BouncyCastle).
        var sm4 = new ParametersWithIV(new KeyParameter(macPair.Keys.EncryptionKey.ToArray()), new byte[16]);
        CbcBlockCipher encrypt = new(new SM4Engine()), decrypt = new(new SM4Engine());
        encrypt.Init(true, sm4);
        decrypt.Init(false, sm4);
        var hmac = new HMac(new SM3Digest());
        hmac.Init(new KeyParameter(macPair.Keys.MacKey.ToArray()));
        byte[] body = new byte[80], ciphertext = new byte[80], tag = new byte[32], authenticated = new byte[24 + 16 + 80];
        Report("SM4-CBC encrypt 80 B", seconds, () =>
        {
            encrypt.Reset();
            for (int i = 0; i < 80; i += 16) encrypt.ProcessBlock(body, i, ciphertext, i);
        });
        Report("SM4-CBC decrypt 80 B", seconds, () =>
        {
            decrypt.Reset();
            for (int i = 0; i < 80; i += 16) decrypt.ProcessBlock(ciphertext, i, body, i);
        });
        Report("HMAC-SM3 of 120 B", seconds, () =>
        {
            hmac.BlockUpdate(authenticated, 0, authenticated.Length);
            hmac.DoFinal(tag, 0);
        });
        foreach (var signatures in implementations)
        {
            string name = signatures is OpenSslSm2 ? "OpenSSL" : "BouncyCastle";
            var pair = new SecurePair(IntegrityProfile.Signed, signatures);
            var signed = new SecureFrame(pair);
            var signer = signatures.CreateSigner(pair.AgvKey, "AGV-1");
            var verifier = signatures.CreateVerifier(pair.AgvKey.Public, "AGV-1");
            var tagged = new byte[24 + 16 + 80];
            new Random(7).NextBytes(tagged);
            var signature = new byte[Sm2Signer.MaxSignatureSize];
            signer.Update(tagged);
            var good = signature[..signer.Sign(signature)];
            Report($"SM2 sign ({name})", seconds, () => { signer.Update(tagged); signer.Sign(signature); });
            Report($"SM2 verify ({name})", seconds, () =>
            {
                verifier.Update(tagged);
                if (!verifier.Verify(good)) throw new InvalidOperationException("does not verify");
            });
            Report($"profile 0: seal + read + open ({name})", seconds, () =>
            {
                if (signed.RoundTrip() != SecurityFailure.None) throw new InvalidOperationException("does not open");
            });
        }
        return 0;
    }

    private static void Report(string what, double seconds, Action op)
    {
        Measure(op, 1.0);
        var (count, cpu) = Measure(op, seconds);
        Console.WriteLine($"{what,-44} {count / cpu,16:N0} {cpu / count * 1e6,16:N2}");
    }

    private static (long Count, double CpuSeconds) Measure(Action op, double seconds)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var start = process.TotalProcessorTime;
        long count = 0;
        double cpu;
        do
        {
            for (int i = 0; i < 16; i++) op();
            count += 16;
            process.Refresh();
            cpu = (process.TotalProcessorTime - start).TotalSeconds;
        } while (cpu < seconds);
        return (count, cpu);
    }
}
