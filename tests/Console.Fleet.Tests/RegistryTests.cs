using AgvConsole.Fleet.Live;
using AgvConsole.Protocol.Messages;

namespace AgvConsole.Fleet.Tests;

public class RegistryTests
{
    [Fact]
    public void A_vehicle_is_queued_once_however_many_reports_arrive()
    {
        var registry = new FleetRegistry();
        var v = registry.GetOrAdd("A");
        for (int i = 0; i < 10; i++)
            if (v.Apply(new State { PointIndex = (ushort)i }, (ulong)i)) registry.QueueDirty(v);
        var drained = new List<Vehicle>();
        registry.DrainDirty(drained);
        Assert.Single(drained);
        Assert.Equal(9, v.State.PointIndex); // the newest
        // After draining, the next report queues it again.
        if (v.Apply(new State(), 11)) registry.QueueDirty(v);
        drained.Clear();
        registry.DrainDirty(drained);
        Assert.Single(drained);
    }

    [Fact]
    public void Offline_vehicles_count_as_offline()
    {
        var registry = new FleetRegistry();
        registry.GetOrAdd("A");
        registry.GetOrAdd("B");
        Assert.Equal(2, registry.CountByState()[StateNames.Offline]);
    }

    [Theory]
    [InlineData(AgvState.EmergencyStop, "emergencyStop", "Emergency stop")]
    [InlineData(AgvState.Idle, "idle", "Idle")]
    [InlineData((AgvState)77, "unknown(77)", "Unknown(77)")]
    public void State_names_are_camel_case_and_labels_readable(AgvState state, string name, string label)
    {
        Assert.Equal(name, StateNames.Of(state));
        Assert.Equal(label, StateNames.Label(name));
    }
}
