using AgvConsole.Fleet.Maps;

namespace AgvConsole.Web.Live;

/// <summary>What the live map and the map editor need beside the live push: dispatch from the map, and the editor's traffic warnings.</summary>
public static class LiveMapServices
{
    public static IServiceCollection AddLiveMap(this IServiceCollection services)
    {
        services.AddSingleton<IMapDispatch, MapDispatch>();
        services.AddSingleton<ITrafficWarnings, AgvConsole.Fleet.Traffic.KernelTrafficWarnings>(); // the traffic kernel's own map analysis
        return services;
    }
}
