import KaitoCore
import Testing

/// The commands that talk to a cluster, replayed from fixtures recorded against the test
/// cluster (EndToEndTests/FixtureRecordingTests): flags, messages, exit codes and formats.
@Suite struct ClusterCommandTests {
  let phi = "workspace-phi-3-5-mini-instruct"

  @Test func deployAppliesWaitsAndIsUnchangedTheSecondTime() throws {
    let replay = try Replay("deploy")
    let first = kaito(["deploy", "phi-3.5-mini-instruct", "--wait"], replay)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout == "workspace.kaito.sh/\(phi) created\n")
    #expect(
      first.stderr.contains("workspace.kaito.sh/\(phi) is Ready after 0s. Talk to it: kubectl kaito chat \(phi)\n"),
      "\(first.stderr)")
    let apply = try #require(first.writes.first)
    #expect(apply.method == "PATCH" && apply.path.contains("fieldManager=kubectl-kaito"))
    #expect(apply.headers.contains { $0.name == "Content-Type" && $0.value == "application/apply-patch+yaml" })
    #expect(apply.bodyText.contains("phi-3.5-mini-instruct"))

    let second = kaito(["deploy", "phi-3.5-mini-instruct", "--wait"], replay)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout == "workspace.kaito.sh/\(phi) unchanged\n")
  }

  @Test func deployNeverChangesAnExistingWorkspace() throws {
    let run = kaito(
      ["deploy", "phi-3.5-mini-instruct", "--instance-type", "Standard_NC24ads_A100_v4"], try Replay("deploy-changed"))
    #expect(run.status == 1 && run.stdout.isEmpty)
    #expect(run.stderr.contains("already exists in namespace default with a different spec"), "\(run.stderr)")
    #expect(run.stderr.contains("Standard_NC24ads_A100_v4"))
    // Only the server's dry run was sent: nothing was written.
    #expect(run.writes.allSatisfy { $0.path.contains("dryRun=All") }, "\(run.writes.map(\.path))")
  }

  @Test func statusListsDescribesAndPrintsObjects() throws {
    let replay = try Replay("status")
    let table = kaito(["status"], replay)
    #expect(table.status == 0, "\(table.stderr)")
    #expect(table.stdout.hasPrefix("NAME") && table.stdout.contains(phi))
    let detail = kaito(["status", phi], replay)
    #expect(detail.status == 0, "\(detail.stderr)")
    #expect(detail.stdout.contains("Conditions:") && detail.stdout.contains("InferenceReady"))
    #expect(detail.stdout.contains("Ready: kubectl kaito chat \(phi)"), "\(detail.stdout)")
    let json = try JSONReader.read(kaito(["status", "-o", "json"], replay).stdout)
    #expect(json["kind"]?.stringValue == "List" && json["items"]?.arrayValue?.count == 1)
    let wide = kaito(["status", "-o", "wide"], replay)
    #expect(wide.stdout.split(separator: "\n").first?.contains("PRESET") == true, "\(wide.stdout)")
  }

  @Test func aFailingWorkspaceSaysWhyEverywhere() throws {
    let replay = try Replay("status-quota")
    let deploy = kaito(["deploy", "phi-4", "--instance-type", "Standard_NC24ads_A100_v4", "--wait"], replay)
    #expect(deploy.status == 1)
    #expect(
      deploy.stderr.contains("SubscriptionQuotaReached")
        && deploy.stderr.contains(
          "no NVIDIA A100 quota left: request more, or use another GPU family's instance type: ")
        && deploy.stderr.contains("Standard_NC40ads_H100_v5 (1× NVIDIA H100, 94 GiB, 1 node)"),
      "\(deploy.stderr)")
    let status = kaito(["status", "workspace-phi-4"], replay)
    #expect(
      status.status == 0 && status.stdout.contains("Failed: ResourceReady=False (SubscriptionQuotaReached)\n")
        && status.stdout.contains("another GPU family's instance type: Standard_NV72ads_A10_v5"),
      "\(status.stdout)")
    let chat = kaito(["chat", "workspace-phi-4", "--prompt", "hi"], replay)
    #expect(chat.status == 1 && chat.stderr.contains("workspace workspace-phi-4 is not serving yet"), "\(chat.stderr)")
    #expect(chat.modelRequests.isEmpty)
  }

  @Test func chatOneShotThroughThePortForwardAndTheProxy() throws {
    let replay = try Replay("chat")
    let text = kaito(["chat", phi, "--prompt", "hi"], replay)
    #expect(text.status == 0 && text.stdout == "You said: hi (1 messages)\n", "\(text.stderr)")
    #expect(text.modelRequests.map(\.path) == ["/v1/models", "/v1/chat/completions"])
    #expect(
      text.modelRequests.last?.bodyText.contains(#""content":"hi""#) == true,
      "\(text.modelRequests.last?.bodyText ?? "")")
    let proxy = kaito(["chat", phi, "--via", "proxy", "--prompt", "hi", "-o", "json"], replay)
    #expect(proxy.status == 0, "\(proxy.stderr)")
    let answer = try JSONReader.read(proxy.stdout)
    #expect(answer["text"]?.stringValue == "You said: hi (1 messages)")
    #expect(answer["usage"]?["completion_tokens"]?.intValue == 5)
    #expect(proxy.requests.contains { $0.path.hasSuffix("/services/\(phi):80/proxy/v1/chat/completions") })
  }

  @Test func chatReadsPipedInputAndRunsAnInteractiveSession() throws {
    let piped = kaito(["chat", phi, "--via", "proxy"], try Replay("chat"), stdin: ["hi"])
    #expect(piped.status == 0 && piped.stdout == "You said: hi (1 messages)\n", "\(piped.stderr)")
    let session = kaito(
      ["chat", phi, "--via", "proxy"], try Replay("chat"), stdin: ["/help", "hi", "/bogus", "/exit"], terminal: true)
    #expect(session.status == 0, "\(session.stderr)")
    #expect(session.stdout.contains("You said: hi"))
    #expect(
      session.stderr.contains("/model NAME") && session.stderr.contains("error: unknown command /bogus"),
      "\(session.stderr)")
  }

  @Test func portForwardPrintsTheURLAndStopsOnCtrlC() throws {
    let replay = try Replay("port-forward")
    let run = kaito(["port-forward", phi], replay, interruptAfter: 1)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.hasPrefix("http://127.0.0.1:") && run.stdout.hasSuffix("/v1\n"))
    #expect(run.stderr.contains("-> pod \(phi)-0:5000. Ctrl-C to stop."))
    let absent = kaito(["port-forward", "absent"], replay)
    #expect(
      absent.status == 1 && absent.stderr == "Error from server (NotFound): workspaces.kaito.sh \"absent\" not found\n")
  }

  @Test func tuneAppliesAndSaysHowToServeTheAdapter() throws {
    let run = kaito(
      [
        "tune", "tune-phi", "--preset", "phi-3.5-mini-instruct", "--input-url", "https://example.com/data.parquet",
        "--output-image", "registry.example.com/adapters/phi:1", "--output-push-secret", "push",
      ], try Replay("tune"))
    #expect(run.status == 0 && run.stdout == "workspace.kaito.sh/tune-phi created\n", "\(run.stderr)")
    #expect(
      run.stderr.contains("serve its adapter with: kubectl kaito deploy phi-3.5-mini-instruct --adapter"),
      "\(run.stderr)")
  }

  @Test func deleteConfirmsAndSaysNotFoundAsKubectlDoes() throws {
    let unconfirmed = kaito(["delete", phi], try Replay("delete"))
    #expect(unconfirmed.status == 1 && unconfirmed.stderr.contains("pass --yes"), "\(unconfirmed.stderr)")
    #expect(unconfirmed.writes.isEmpty)
    let replay = try Replay("delete")
    let first = kaito(["delete", phi, "--yes"], replay)
    #expect(first.status == 0 && first.stdout == "workspace.kaito.sh/\(phi) deleted\n", "\(first.stderr)")
    #expect(first.writes.map(\.method) == ["DELETE"])
    let again = kaito(["delete", phi, "--yes"], replay)
    #expect(
      again.status == 1 && again.stderr == "Error from server (NotFound): workspaces.kaito.sh \"\(phi)\" not found\n")
    let quiet = kaito(["delete", phi, "--yes", "--ignore-not-found"], replay)
    #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty)
  }

  @Test func versionReadsTheController() throws {
    let run = kaito(["version"], try Replay("version"))
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout.contains("KAITO controller: 0.12.0") || run.stdout.contains("KAITO controller: v0.12.0"),
      "\(run.stdout)")
  }

  @Test func workspacesCompleteFromTheCluster() throws {
    let run = kaito(["__complete", "chat", ""], try Replay("completion"))
    #expect(run.stdout == "\(phi)\n:4\n")
  }
}

/// Names people type: a model's name or alias finds the workspace that serves it, and `chat`
/// without a name finds the one that serves.
@Suite struct WorkspaceNameTests {
  let phi = "workspace-phi-3-5-mini-instruct"

  @Test func aModelNameFindsItsWorkspace() throws {
    let replay = try Replay("chat")
    let byModel = kaito(["chat", "phi-3.5-mini-instruct", "--prompt", "hi"], replay)
    #expect(byModel.status == 0 && byModel.stdout == "You said: hi (1 messages)\n", "\(byModel.stderr)")
    #expect(byModel.stderr.contains("workspace \(phi) serves phi-3.5-mini-instruct\n"), "\(byModel.stderr)")
    let byHuggingFaceID = kaito(["status", "microsoft/Phi-3.5-mini-instruct"], replay)
    #expect(byHuggingFaceID.status == 0 && byHuggingFaceID.stdout.contains("Name:           \(phi)\n"))
    let nameless = kaito(["chat", "--prompt", "hi"], replay)
    #expect(nameless.status == 0, "\(nameless.stderr)")
    #expect(
      nameless.stderr.contains("workspace \(phi) (phi-3.5-mini-instruct) is the one serving in namespace default"))
  }

  @Test func aModelNoWorkspaceServesSuggestsDeploy() throws {
    let run = kaito(["chat", "phi-4", "--prompt", "hi"], try Replay("chat"))
    #expect(run.status == 1)
    #expect(
      run.stderr
        == "Error from server (NotFound): workspaces.kaito.sh \"phi-4\" not found\n  no workspace in namespace default serves phi-4: kubectl kaito deploy phi-4\n",
      "\(run.stderr)")
    #expect(run.modelRequests.isEmpty)
  }
}

/// The interactive chat: settings that answer, multi-line input, a line of figures after each
/// answer; what is sent is read back from the requests the model server got.
@Suite struct ChatSessionCommandTests {
  let phi = "workspace-phi-3-5-mini-instruct"

  /// Dim lines are painted on a terminal; the words are what is checked.
  func withoutColour(_ text: String) -> String { text.replacing(/\u{1B}\[[0-9]*m/, with: "") }

  func bodies(_ run: Run) throws -> [Value] {
    try run.modelRequests.filter { $0.path.hasSuffix("/chat/completions") }.map { try JSONReader.read($0.body ?? []) }
  }

  @Test func settingsAnswerAndReachTheRequest() throws {
    var run = kaito(
      ["chat", phi],
      try Replay("chat"),
      stdin: [
        "/set temperature 3", "/set temperature 0.5", "/set max_tokens 64", "/set seed 7", "/system Be brief.",
        "/set colour red", "hi", "/show", "/clear", "/unset seed", "/exit",
      ], terminal: true)
    run.stderr = withoutColour(run.stderr)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("error: temperature is a number from 0 to 2, not \"3\"\n"))
    #expect(run.stderr.contains("Set temperature to 0.5.\n") && run.stderr.contains("Set seed to 7.\n"))
    #expect(run.stderr.contains("error: unknown setting colour: temperature, top_p, max_tokens, seed or system\n"))
    #expect(run.stderr.contains("Set the system message (9 characters); it applies from the next question.\n"))
    // After the answer: its figures; /show counts what is kept; /clear says what it kept.
    #expect(run.stderr.contains(">>> first token 0 ms · 5 tokens\n"), "\(run.stderr)")
    #expect(run.stderr.contains("Conversation:   3 messages"), "\(run.stderr)")
    #expect(run.stderr.contains("Forgot 2 messages; kept the system message.\n"))
    #expect(run.stderr.contains("Unset seed: the server's default applies.\n"))
    let body = try #require(try bodies(run).first)
    #expect(body["temperature"] == .double(0.5) && body["max_tokens"] == .int(64) && body["seed"] == .int(7))
    #expect(body["messages"]?.arrayValue?.first?["content"]?.stringValue == "Be brief.")
  }

  @Test func blocksContinuationsAndPastesAreOneMessage() throws {
    let run = kaito(
      ["chat", phi], try Replay("chat"),
      stdin: [
        "\"\"\"", "/not a command", "second line", "\"\"\"", "one \\", "two", "\u{1B}[200~pasted", "lines\u{1B}[201~",
        "/bye",
      ], terminal: true)
    #expect(run.status == 0, "\(run.stderr)")
    let sent = try bodies(run).map { $0["messages"]?.arrayValue?.last?["content"]?.stringValue }
    #expect(sent == ["/not a command\nsecond line", "one \ntwo", "pasted\nlines"], "\(run.stderr)")
    #expect(run.stderr.contains("... "), "a continuing message gets its own prompt")
    #expect(
      run.stderr.hasPrefix("\u{1B}[?2004h") && run.stderr.hasSuffix("\u{1B}[?2004l"), "bracketed paste on, then off")
  }

  @Test func badFilesLoseNothing() throws {
    let folder = "/tmp/kaito-chat-\(getpid())"
    mkdir(folder, 0o700)
    try Files.write("\(folder)/bad.json", #"{"messages": [{"role": "wizard", "content": "x"}]}"#)
    var run = kaito(
      ["chat", phi], try Replay("chat"),
      stdin: ["hi", "/load \(folder)/bad.json", "/load \(folder)/absent.json", "/save \(folder)/good.json", "/bye"],
      terminal: true)
    run.stderr = withoutColour(run.stderr)
    #expect(run.stderr.contains("message 1 needs a role (system, user or assistant)"), "\(run.stderr)")
    #expect(run.stderr.contains("absent.json is not a saved conversation"), "\(run.stderr)")
    #expect(run.stderr.contains("Saved 2 messages to \(folder)/good.json."), "the conversation was kept")
    let again = kaito(
      ["chat", phi], try Replay("chat"), stdin: ["/load \(folder)/good.json", "/show", "/bye"], terminal: true)
    #expect(
      withoutColour(again.stderr).contains("Loaded 2 messages from \(folder)/good.json.")
        && again.stderr.contains("2 messages"))
  }
}

/// Base models complete text; a server without a chat template switches the chat to it.
@Suite struct BaseModelChatTests {
  @Test func aBaseModelIsCompletedNotChattedWith() throws {
    let replay = try Replay("chat-base")
    let text = kaito(["chat", "mistral-7b", "--prompt", "Once upon a time"], replay)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout == " and then, after \"Once upon a time\" (1 lines)\n", "\(text.stdout)")
    #expect(
      text.stderr.contains(
        "mistral-7b is a base model, not instruction-tuned: its text is completed (/v1/completions)"),
      "\(text.stderr)")
    #expect(text.modelRequests.map(\.path) == ["/v1/models", "/v1/completions"])
    let body = try JSONReader.read(text.modelRequests.last?.body ?? [])
    #expect(body["prompt"]?.stringValue == "Once upon a time" && body["messages"] == nil)
    let json = try JSONReader.read(kaito(["chat", "mistral-7b", "--prompt", "x", "-o", "json"], replay).stdout)
    #expect(json["endpoint"]?.stringValue == "/v1/completions")
  }

  @Test func noChatTemplateSwitchesToCompletionsWithANotice() throws {
    let replay = try Replay("chat-base")
    _ = kaito(["chat", "mistral-7b", "--prompt", "Once upon a time"], replay)
    _ = kaito(["chat", "mistral-7b", "--prompt", "x", "-o", "json"], replay)
    let run = kaito(["chat", "workspace-phi-3-5-mini-instruct", "--prompt", "hi"], replay)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("The server has no chat template for phi-3.5-mini-instruct: completing text"))
    #expect(run.modelRequests.map(\.path) == ["/v1/models", "/v1/chat/completions", "/v1/completions"])
    // --max-tokens cut the next answer: said, with how to get more.
    let cut = kaito(["chat", "workspace-phi-3-5-mini-instruct", "--prompt", "hi", "--max-tokens", "2"], replay)
    #expect(cut.stdout == "You said:\n", "\(cut.stdout)")
    #expect(cut.stderr.contains("(the answer was cut at --max-tokens 2; raise it for a longer one)"), "\(cut.stderr)")
  }
}

/// `run MODEL`: deploys only with consent and never in a dry run, then chats.
@Suite struct RunCommandTests {
  @Test func deploysWithConsentWaitsAndChats() throws {
    let replay = try Replay("run")
    let dry = kaito(["run", "phi-3.5-mini-instruct", "--dry-run"], replay)
    #expect(dry.status == 0 && dry.stdout.isEmpty && dry.writes.isEmpty, "\(dry.stderr)")
    #expect(dry.stderr.contains("KAITO will provision 1 GPU node of Standard_NV36ads_A10_v5"))
    #expect(dry.stderr.contains("(dry run) would deploy workspace workspace-phi-3-5-mini-instruct"))
    let refused = kaito(["run", "phi-3.5-mini-instruct", "hi"], replay)
    #expect(refused.status == 1 && refused.writes.isEmpty)
    #expect(refused.stderr.contains("needs 1 GPU node of Standard_NV36ads_A10_v5: pass --yes to accept"))
    let deployed = kaito(["run", "phi-3.5-mini-instruct", "hi", "--yes", "-o", "json"], replay)
    #expect(deployed.status == 0, "\(deployed.stderr)")
    // stdout is the chat's alone: the deploy's lines are progress, on stderr.
    let answer = try JSONReader.read(deployed.stdout)
    #expect(answer["text"]?.stringValue == "You said: hi (1 messages)")
    #expect(deployed.stderr.contains("workspace.kaito.sh/workspace-phi-3-5-mini-instruct created"))
    #expect(deployed.stderr.contains("\nnodes: waiting for 1 GPU node"))
    let again = kaito(["run", "phi-3.5-mini-instruct", "again"], replay)
    #expect(again.status == 0 && again.stdout == "You said: again (1 messages)\n", "\(again.stderr)")
    #expect(!again.writes.contains { $0.method == "PATCH" }, "a serving workspace is used as it is")
  }
}

/// InferenceSets: deploy --replicas, a re-run, status beside workspaces and in detail, chat with a
/// replica, scale with the GPU nodes it costs, and delete following every replica.
@Suite struct InferenceSetCommandTests {
  let set = "phi-3-5-mini-instruct"

  @Test func deployStatusChatScaleDelete() throws {
    let replay = try Replay("inferenceset")
    let deploy = kaito(["deploy", "phi-3.5-mini-instruct", "--replicas", "2", "--yes", "--wait"], replay)
    #expect(deploy.status == 0 && deploy.stdout == "inferenceset.kaito.sh/\(set) created\n", "\(deploy.stderr)")
    #expect(deploy.stderr.contains("KAITO will provision 2 GPU nodes of Standard_NV36ads_A10_v5 (2 replicas of 1)"))
    #expect(deploy.stderr.contains("has 2 of 2 replicas ready after"), "\(deploy.stderr)")
    let apply = try #require(deploy.writes.first { $0.path.contains("/inferencesets/") })
    let sent = try YAMLReader.read(apply.bodyText)
    #expect(sent["spec"]?["replicas"] == .int(2))
    #expect(sent["spec"]?["labelSelector"]?["matchLabels"]?["apps"]?.stringValue == set)
    #expect(sent["spec"]?["template"]?["inference"]?["preset"]?["name"]?.stringValue == "phi-3.5-mini-instruct")
    let again = kaito(["deploy", "phi-3.5-mini-instruct", "--replicas", "2", "--yes", "--wait"], replay)
    #expect(again.status == 0 && again.stdout == "inferenceset.kaito.sh/\(set) unchanged\n", "\(again.stderr)")

    let status = kaito(["status"], replay)
    #expect(
      status.stdout.contains("\n\nNAME                    REPLICAS   READYREPLICAS   AGE\n\(set)   2          2"),
      "\(status.stdout)")
    let detail = kaito(["status", set], replay)
    #expect(
      detail.stdout.contains("Replicas:       2 of 2 ready") && detail.stdout.contains("Kind:           InferenceSet"))
    #expect(detail.stdout.contains("peak 120000 tokens/min, summed over the replicas"), "\(detail.stdout)")
    #expect(detail.stdout.contains("InferenceSetReady") && detail.stdout.contains("BenchmarkCompleted"))

    let chat = kaito(["chat", set, "--prompt", "hi"], replay)
    #expect(chat.status == 0 && chat.stdout == "You said: hi (1 messages)\n", "\(chat.stderr)")
    #expect(chat.stderr.contains("inferenceset \(set): talking to its replica \(set)-"))
    let body = try JSONReader.read(chat.modelRequests.last?.body ?? [])
    #expect(body["model"]?.stringValue == set, "the replicas serve under the InferenceSet's name")

    let scale = kaito(["scale", set, "--replicas", "1"], replay)
    #expect(scale.status == 0 && scale.stdout == "inferenceset.kaito.sh/\(set) scaled\n")
    #expect(
      scale.stderr.contains("2 → 1 replicas: KAITO releases 1 GPU node of Standard_NV36ads_A10_v5 (1 per replica)."))
    let patch = try #require(scale.writes.first)
    #expect(patch.path.hasSuffix("/inferencesets/\(set)/scale") && patch.bodyText == #"{"spec":{"replicas":1}}"#)
    let workspace = kaito(["scale", "workspace-phi-4-mini-instruct", "--replicas", "2"], replay)
    #expect(workspace.status == 1 && workspace.stderr.contains("is not an InferenceSet"), "\(workspace.stderr)")

    let delete = kaito(["delete", set, "--yes", "--wait"], replay)
    #expect(delete.status == 0 && delete.stdout == "inferenceset.kaito.sh/\(set) deleted\n", "\(delete.stderr)")
  }

  @Test func badReplicaCountsAreUsageErrors() {
    for bad in ["-1", "two", "2147483648"] {
      let run = kaito(["deploy", "phi-3.5-mini-instruct", "--replicas", bad, "--dry-run"])
      #expect(run.status == 64 && run.stderr.contains("--replicas takes a whole number of replicas, 0 or more"))
    }
    let zero = kaito(["deploy", "phi-3.5-mini-instruct", "--replicas", "0", "--dry-run", "-o", "yaml"])
    #expect(zero.status == 0 && zero.stdout.contains("replicas: 0"), "\(zero.stderr)")
  }
}

/// `deploy --image`: what can go wrong says so before anything is written.
@Suite struct CustomImageInputTests {
  @Test(arguments: [
    (["deploy", "phi-4", "--image", "x"], 64, "cannot be combined with a preset (phi-4)"),
    (["deploy", "--image", "x", "--dry-run"], 1, "--image needs --instance-type"),
    (["deploy", "--image", "x", "--gpus", "0", "--dry-run"], 64, "--gpus is a whole number above 0"),
    (["deploy", "--image", "x", "--vllm-arg", "a=1", "--dry-run"], 64, "--vllm-arg apply to presets, not to --image"),
    (["deploy", "--image", "x", "--env", "novalue", "--dry-run"], 64, "--env takes KEY=VALUE"),
    (["deploy", "--dry-run"], 64, "name a MODEL to deploy (or --image IMAGE"),
  ])
  func badImageInput(_ arguments: [String], _ status: Int32, _ message: String) {
    let run = kaito(arguments)
    #expect(run.status == status && run.stdout.isEmpty && run.stderr.contains(message), "\(run.stderr)")
  }

  @Test func aVLLMImageIsPointedToPresets() {
    let run = kaito([
      "deploy", "--image", "vllm/vllm-openai:v0.6.3", "--instance-type", "Standard_NC24ads_A100_v4", "--port", "8000",
      "--dry-run",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("kubectl kaito deploy ORG/MODEL is the better path"))
    #expect(
      run.stderr.contains("a server on 8000 is reached only by kubectl port-forward pod/workspace-vllm-openai-0 8000"))
  }
}

/// `presets show --measured`: KAITO's benchmark figures from this cluster's workspaces, per instance type.
@Suite struct MeasuredPresetTests {
  @Test func peaksMeasuredHereBesideTheEstimate() throws {
    let replay = try Replay("presets-measured")
    let phi = kaito(["presets", "show", "phi-3.5-mini-instruct", "--measured"], replay)
    #expect(phi.status == 0, "\(phi.stderr)")
    #expect(
      phi.stdout.hasSuffix(
        "Measured on this cluster (KAITO's benchmark, peak tokens per minute):\n  Standard_NV36ads_A10_v5: 60000 (1 workspace)\n  other instance types: not measured here\n"
      ), "\(phi.stdout)")
    let phi4 = kaito(["presets", "show", "phi-4", "--measured"], replay)
    #expect(phi4.stdout.contains("  not measured here: no workspace of this model has a benchmark result\n"))
    // Without --measured, presets show stays offline: no connection at all (the harness fails one).
    let offline = kaito(["presets", "show", "phi-3.5-mini-instruct"])
    #expect(offline.status == 0 && !offline.stdout.contains("Measured on this cluster"))
  }
}
