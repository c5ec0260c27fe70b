import Foundation
import TestSupport
import Testing

/// tune → wait → deploy --adapter → chat --model, delete, and the bad inputs of each.
@Suite(.serialized, .ownThreads) struct TuneTests {
  static let cluster = try! TestCluster(step: 0.1)
  var cluster: TestCluster { Self.cluster }

  @Test func tuneThenServeTheAdapterThenTalkToIt() throws {
    // A second a phase, so that the running job is seen however loaded the machine is.
    try cluster.control("scenario", #"{"name": "tune-phi", "scenario": "success", "step": 1}"#)
    let tune = try cluster.kaito([
      "tune", "tune-phi", "--preset", "phi-3.5-mini-instruct", "--method", "qlora",
      "--input-url", "https://example.com/train.parquet",
      "--output-image", "registry.example.com/adapters/phi:1", "--output-push-secret", "push", "--wait",
    ])
    #expect(tune.status == 0, "\(tune.stderr)")
    #expect(tune.stdout == "workspace.kaito.sh/tune-phi created\n")
    #expect(tune.stderr.contains("Training configuration: KAITO's default qlora configuration"))
    #expect(tune.stderr.contains("\ntuning: the tuning job runs on aks-tuning-0 ["), "\(tune.stderr)")
    let command =
      "kubectl kaito deploy phi-3.5-mini-instruct --adapter tune-phi=registry.example.com/adapters/phi:1,pull-secret=push"
    #expect(tune.stderr.contains("The tuning job has finished after"))
    #expect(tune.stderr.contains(command))

    let status = try cluster.kaito(["status", "tune-phi"])
    #expect(status.stdout.contains("Kind:           tuning"))
    #expect(status.stdout.contains("tune-phi-x7k2p: Succeeded"))
    #expect(status.stdout.contains("The tuning job has finished."))
    let table = try cluster.kaito(["status"])
    let row = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("tune-phi ") })
    #expect(row.split(separator: " ", omittingEmptySubsequences: true).contains("Succeeded"))

    // The printed command, as the user would paste it (minus "kubectl kaito").
    let arguments = command.split(separator: " ").dropFirst(2).map(String.init) + ["--name", "served", "--wait"]
    let deploy = try cluster.kaito(arguments)
    #expect(deploy.status == 0, "\(deploy.stderr)")
    let chat = try cluster.kaito(["chat", "served", "--model", "tune-phi", "--prompt", "hi"])
    #expect(chat.stdout == "You said: hi (1 messages) [adapter tune-phi]\n", "\(chat.stderr)")
    let base = try cluster.kaito(["chat", "served", "--prompt", "hi"])
    #expect(base.stdout == "You said: hi (1 messages)\n")
  }

  @Test func failingJobSaysWhy() throws {
    try cluster.control("scenario", #"{"name": "bad-data", "scenario": "tuning-failed"}"#)
    let tune = try cluster.kaito([
      "tune", "bad-data", "--preset", "phi-4", "--method", "lora", "--input-pvc", "data", "--output-pvc", "results",
      "--wait",
    ])
    #expect(tune.status == 1)
    #expect(
      tune.stderr.contains(
        "error: workspace bad-data failed: JobStarted=False (WorkspaceTuningJobStatusFailed): Tuning job failed: dataset has no 'messages' or 'prompt' column"
      ))
  }

  @Test func configFilesAreCheckedAsKAITOChecksThem() throws {
    let folder = cluster.folder
    func write(_ name: String, _ text: String) throws -> String {
      let path = folder.appendingPathComponent(name).path
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      return path
    }
    let noQuantization = try write(
      "lora.yaml",
      "training_config:\n  QuantizationConfig:\n    load_in_4bit: false\n  TrainingArguments:\n    output_dir: /mnt/results\n"
    )
    let qlora = try cluster.kaito([
      "tune", "cfg", "--preset", "phi-4", "--method", "qlora", "--input-pvc", "d", "--output-pvc", "r", "--config-file",
      noQuantization, "--dry-run",
    ])
    #expect(qlora.status == 1)
    #expect(qlora.stderr.contains("qlora needs QuantizationConfig.load_in_4bit"))
    let lora = try cluster.kaito([
      "tune", "cfg", "--preset", "phi-4", "--method", "lora", "--input-pvc", "d", "--output-pvc", "r", "--config-file",
      noQuantization, "--dry-run", "-o", "yaml",
    ])
    #expect(lora.status == 0, "\(lora.stderr)")
    #expect(lora.stdout.contains("name: cfg-tuning-config"))
    #expect(lora.stdout.contains("training_config.yaml: |"))
    #expect(lora.stdout.contains("config: cfg-tuning-config"))
    let badSection = try write("bad.yaml", "training_config:\n  Trainer:\n    epochs: 3\n")
    #expect(
      try cluster.kaito([
        "tune", "cfg", "--preset", "phi-4", "--input-pvc", "d", "--output-pvc", "r", "--config-file", badSection,
        "--dry-run",
      ])
      .stderr.contains("training_config.Trainer is not a section KAITO knows"))
    let outside = try write(
      "out.yaml",
      "training_config:\n  QuantizationConfig: {load_in_4bit: true}\n  TrainingArguments: {output_dir: /tmp/out}\n")
    #expect(
      try cluster.kaito([
        "tune", "cfg", "--preset", "phi-4", "--input-pvc", "d", "--output-pvc", "r", "--config-file", outside,
        "--dry-run",
      ])
      .stderr.contains("TrainingArguments.output_dir must be under /mnt"))
  }

  @Test func badAdapters() throws {
    let eleven = (0..<11).flatMap { ["--adapter", "a\($0)=img:\($0)"] }
    let cases: [([String], String)] = [
      (eleven, "Number of Adapters exceeds the maximum limit, maximum of 10 allowed"),
      (["--adapter", "a=img:1", "--adapter", "a=img:2"], "Duplicate adapter source name found: a"),
      (["--adapter", "a=img:1,strength=0.5"], "vLLM does not support adapter strength"),
      (["--adapter", "Bad_Name=img:1"], "invalid adapter name"),
    ]
    for (arguments, message) in cases {
      let result = try cluster.kaito(["deploy", "phi-3.5-mini-instruct", "--name", "adapters"] + arguments)
      #expect(result.status == 1)
      #expect(result.stderr.contains(message), "\(result.stderr)")
    }
    let strength = try cluster.kaito([
      "deploy", "phi-3.5-mini-instruct", "--runtime", "transformers", "--adapter", "a=img:1,strength=0.5", "--dry-run",
      "-o", "yaml",
    ])
    #expect(strength.stdout.contains("strength: \"0.5\""))
    #expect(try cluster.kaito(["status", "adapters"]).status == 1)
  }

  @Test func deleteFollowsTheFinalizer() throws {
    #expect(try cluster.kaito(["deploy", "phi-4-mini-instruct", "--name", "doomed", "--wait"]).status == 0)
    let unconfirmed = try cluster.kaito(["delete", "doomed"])
    #expect(unconfirmed.status == 1)
    #expect(unconfirmed.stderr.contains("pass --yes to delete without a terminal"), "\(unconfirmed.stderr)")
    let result = try cluster.kaito(["delete", "doomed", "--wait", "--yes"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "workspace.kaito.sh/doomed deleted\n")
    #expect(
      try cluster.kaito(["status", "doomed"]).stderr
        == "Error from server (NotFound): workspaces.kaito.sh \"doomed\" not found\n")
    let missing = try cluster.kaito(["delete", "doomed", "--yes"])
    #expect(missing.status == 1)
    #expect(missing.stderr == "Error from server (NotFound): workspaces.kaito.sh \"doomed\" not found\n")
    let ignored = try cluster.kaito(["delete", "doomed", "--yes", "--ignore-not-found"])
    #expect(ignored.status == 0 && ignored.stdout.isEmpty && ignored.stderr.isEmpty, "\(ignored.stderr)")
    // On a terminal it asks first.
    #expect(try cluster.kaito(["deploy", "phi-4-mini-instruct", "--name", "kept"]).status == 0)
    let refused = try runProcess(
      ["script", "-qec", "exec \(kaitoBinary) delete kept", "/dev/null"], stdin: "n\n",
      environment: cluster.environment())
    #expect(refused.stdout.contains("Delete workspace kept in namespace default?"))
    #expect(try cluster.kaito(["status", "kept"]).status == 0)
    // A name that is not one never addresses the collection: `delete .` once deleted every workspace.
    for bad in [".", "..", "", "a/b", "UPPER"] {
      let refused = try cluster.kaito(["delete", bad, "--yes"])
      #expect(refused.status == 1 && refused.stderr.contains("invalid workspace name"), "\(bad): \(refused.stderr)")
    }
    #expect(try cluster.kaito(["status", "kept"]).status == 0)
  }
}
