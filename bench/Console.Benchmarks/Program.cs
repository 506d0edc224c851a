using AgvConsole.Benchmarks;
using BenchmarkDotNet.Running;

// bench/Console.Benchmarks
//   dotnet run -c Release --project bench/Console.Benchmarks -- --filter '*'     BenchmarkDotNet micro-benchmarks
//   dotnet run -c Release --project bench/Console.Benchmarks -- wire-size        StateReport bytes vs VDA 5050 state JSON
//   dotnet run -c Release --project bench/Console.Benchmarks -- protocol-load [--agvs 2000] [--hz 10] [--seconds 30] [--secure] [--profile 1]
//   dotnet run -c Release --project bench/Console.Benchmarks -- lorr <instance.json | all> [--lookahead k]   League of Robot Runners 2023
//   dotnet run -c Release --project bench/Console.Benchmarks -- crypto-rate [--seconds 3]    secure-mode operations per CPU-second, as openssl speed counts
//   dotnet run -c Release --project bench/Console.Benchmarks -- console-load [--agvs 2000] [--hz 10] [--seconds 30] [--normal-only|--secure-only|--one-floor|--many-floors] [--width 1400] [--height 860] [--renderer 2d|webgl] [--no-build]
//   dotnet run -c Release --project bench/Console.Benchmarks -- console-load --fleet-pages 20 [--agvs 2000] [--hz 10] [--seconds 30]     console CPU and memory per open fleet page
//   dotnet run -c Release --project bench/Console.Benchmarks -- console-drive [--agvs 200] [--minutes 5] [--orders-per-minute AGVS/4] [--hz 10] [--drain-minutes 5] [--seed 2026] [--no-build]   the console driving a fleet with transport orders
if (args.Length > 0 && args[0] == "wire-size") return WireSize.Run();
if (args.Length > 0 && args[0] == "protocol-load") return await ProtocolLoad.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "crypto-rate") return CryptoRate.Run(args[1..]);
if (args.Length > 0 && args[0] == "lorr") return AgvConsole.Benchmarks.Lorr.LorrCommand.Run(args[1..]);
if (args.Length > 0 && args[0] == "console-load") return await ConsoleLoad.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "console-drive") return await ConsoleDrive.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(StateReportCodecBenchmarks).Assembly).Run(args);
return 0;
