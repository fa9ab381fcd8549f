import ArgumentParser
import WebServer

struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "The local web page and JSON API: the interview, the results map and the researchers' matrix.",
    discussion: """
      Binds to 127.0.0.1 by default and prints the address to open. Nothing about a case is \
      stored, logged or cached; every page and asset is inside the binary. Ctrl-C stops it.
      """)

  @Option(help: "The port to listen on (0: any free port).")
  var port: Int = 8080

  @Option(help: "The address to bind (default 127.0.0.1: this computer only).")
  var host: String = "127.0.0.1"

  @OptionGroup var rules: RulesOptions

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
  }

  func run() async throws {
    let library = try rules.load()
    let host = self.host
    let app = WebServer.application(library: library, host: host, port: port) { port in
      Output.write("htrules serve: open http://\(host):\(port)/ in a browser (Ctrl-C stops the server)\n")
    }
    try await app.runService()
  }
}
