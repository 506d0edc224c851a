using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Traffic;

/// <summary>A space granted to an AGV's SpaceRequest: what it covers on the floor and until when.</summary>
public sealed record SpaceHold(string Serial, uint RequestId, uint MapId, Space Space, DateTimeOffset ExpiresAt, Resource[] Resources, bool Partial);
