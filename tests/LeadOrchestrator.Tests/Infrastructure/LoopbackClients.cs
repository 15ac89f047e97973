using System.Net;
using System.Net.Sockets;

namespace LeadOrchestrator.Tests.Infrastructure;

public static class LoopbackClients
{
    /// <summary>
    /// A client of the app (keeping its own cookies, like a browser of its own) whose connections come from another
    /// loopback address: Linux routes all of 127/8 to this host, so each address is a different caller to the per-address limits.
    /// </summary>
    public static HttpClient ClientFrom(this TestApp app, string address)
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = app.Client.BaseAddress };
    }
}
