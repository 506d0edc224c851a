using AgvConsole.Protocol.Codec;

namespace AgvConsole.Protocol.Messages;

/// <summary>0x0020 ParamQuery (AGV基础参数查询), RCS → AGV: the ids to read; empty = all.</summary>
public sealed record ParamQuery(EquatableArray<ParamId> Ids) : IMessage<ParamQuery>
{
    public MessageType Type => MessageType.ParamQuery;
    public bool IsResponse => false;

    public static ParamQuery Read(ref WireReader r)
    {
        var ids = new ParamId[r.Count(2)];
        for (int i = 0; i < ids.Length; i++) ids[i] = (ParamId)r.U16();
        return new(ids);
    }

    public void Write(WireWriter w)
    {
        w.Count(Ids.Count);
        foreach (var id in Ids.AsSpan()) w.U16((ushort)id);
    }
}

/// <summary>Response to ParamQuery: the values the AGV holds.</summary>
public sealed record ParamQueryResponse(EquatableArray<Param> Params) : IMessage<ParamQueryResponse>
{
    public MessageType Type => MessageType.ParamQuery;
    public bool IsResponse => true;
    public static ParamQueryResponse Read(ref WireReader r) => new(ReadParams(ref r));
    public void Write(WireWriter w) => WriteParams(w, Params);

    internal static Param[] ReadParams(ref WireReader r)
    {
        var ps = new Param[r.Count(Param.MinSize)];
        for (int i = 0; i < ps.Length; i++) ps[i] = Param.Read(ref r);
        return ps;
    }

    internal static void WriteParams(WireWriter w, EquatableArray<Param> ps)
    {
        w.Count(ps.Count);
        foreach (var p in ps.AsSpan()) p.Write(w);
    }
}

/// <summary>0x0021 ParamSet (AGV基础参数设置), RCS → AGV. Each parameter is applied or refused on its own.</summary>
public sealed record ParamSet(EquatableArray<Param> Params) : IMessage<ParamSet>
{
    public MessageType Type => MessageType.ParamSet;
    public bool IsResponse => false;
    public static ParamSet Read(ref WireReader r) => new(ParamQueryResponse.ReadParams(ref r));
    public void Write(WireWriter w) => ParamQueryResponse.WriteParams(w, Params);
}

/// <summary>Response to ParamSet: one result per parameter sent.</summary>
public sealed record ParamSetResponse(EquatableArray<ParamResult> Results) : IMessage<ParamSetResponse>
{
    public MessageType Type => MessageType.ParamSet;
    public bool IsResponse => true;

    public static ParamSetResponse Read(ref WireReader r)
    {
        var rs = new ParamResult[r.Count(ParamResult.Size)];
        for (int i = 0; i < rs.Length; i++) rs[i] = ParamResult.Read(ref r);
        return new(rs);
    }

    public void Write(WireWriter w)
    {
        w.Count(Results.Count);
        foreach (var x in Results.AsSpan()) x.Write(w);
    }
}
