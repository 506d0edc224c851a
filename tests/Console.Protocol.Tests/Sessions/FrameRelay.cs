using System.Buffers;
using System.Net;
using System.Net.Sockets;
using AgvConsole.Protocol.Framing;

namespace AgvConsole.Protocol.Tests.Sessions;

/// <summary>
/// A TCP relay between an AGV and the server that hands every AGV→RCS frame to a transform
/// (pass, drop, alter, duplicate, replay later): a man in the middle for the security tests.
/// </summary>
internal sealed class FrameRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();

    public FrameRelay(int targetPort, Func<FrameHeader, byte[], IEnumerable<byte[]>> transform)
    {
        _target = targetPort;
        Transform = transform;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public Func<FrameHeader, byte[], IEnumerable<byte[]>> Transform { get; set; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var agv = await _listener.AcceptTcpClientAsync(_stop.Token);
                var rcs = new TcpClient();
                await rcs.ConnectAsync(IPAddress.Loopback, _target);
                _ = PumpFramesAsync(agv.GetStream(), rcs.GetStream());
                _ = rcs.GetStream().CopyToAsync(agv.GetStream(), _stop.Token).ContinueWith(_ => agv.Close());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { }
    }

    private async Task PumpFramesAsync(NetworkStream from, NetworkStream to)
    {
        var pending = new List<byte>();
        var buf = new byte[8192];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buf, _stop.Token)) > 0)
            {
                pending.AddRange(buf.AsSpan(0, n).ToArray());
                while (true)
                {
                    var seq = new ReadOnlySequence<byte>(pending.ToArray());
                    var start = seq.Length;
                    var status = FrameReader.TryRead(ref seq, out var header, out _, out _);
                    if (status != FrameReadStatus.Frame) break;
                    int used = (int)(start - seq.Length);
                    var frame = pending.GetRange(0, used).ToArray();
                    pending.RemoveRange(0, used);
                    foreach (var f in Transform(header, frame)) await to.WriteAsync(f, _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException) { }
        to.Close();
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        return ValueTask.CompletedTask;
    }
}
