using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(PullDoctor.Benchmarks.ClassificationBenchmarks).Assembly).Run(args);
