System.Console.WriteLine("emulator host: not yet implemented");
