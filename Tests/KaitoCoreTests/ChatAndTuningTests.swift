import Testing

@testable import KaitoCore

@Suite struct ServerSentEventsTests {
  @Test func eventsSplitAcrossReadsCommentsAndMultilineData() throws {
    var parser = ServerSentEvents()
    var events: [String] = []
    for piece in [
      ": keep-alive\n\ndata: {\"a\":", "1}\n\ndata: line one\r\ndata: line two\r\n\r\nevent: x\ndata:[DONE]\n", "\n",
    ] {
      events += try parser.feed(Array(piece.utf8))
    }
    #expect(events == ["{\"a\":1}", "line one\nline two", "[DONE]"])
  }

  @Test func aLineWithoutEndIsRefusedAtTheLimitAndLongStreamsStayLinear() throws {
    var small = ServerSentEvents(maxEventBytes: 1024)
    #expect(throws: KaitoError.self) {
      for _ in 0..<100 { _ = try small.feed(Array(repeating: UInt8(ascii: "x"), count: 100)) }
    }
    // 20 MB in 1-byte-apart newlines and in 64 KiB reads: every event comes out, in one pass.
    var parser = ServerSentEvents()
    let event = Array("data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n".utf8)
    var stream: [UInt8] = []
    for _ in 0..<(20_000_000 / event.count) { stream += event }
    var count = 0
    var offset = 0
    while offset < stream.count {
      let end = min(offset + 65536, stream.count)
      count += try parser.feed(Array(stream[offset..<end])).count
      offset = end
    }
    #expect(count == 20_000_000 / event.count)
  }
}

@Suite struct ChatClientTests {
  func answer(_ stream: String, status: Int = 200) throws -> ChatClient.Answer {
    let transport = ScriptedTransport([HTTPResponse(status: status, body: status == 200 ? [] : Array(stream.utf8))])
    transport.chunks = status == 200 ? [Array(stream.utf8)] : []
    let client = ChatClient(transport: transport, environment: Captured().environment)
    var printed = ""
    let result = try client.complete([.init(role: "user", content: "hi")], model: "m", options: .init()) {
      printed += $0
    }
    #expect(printed == result.text)
    return result
  }

  @Test func readsVLLMStreams() throws {
    let stream = """
      data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

      data: {"choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}

      data: {"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}

      data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}

      data: [DONE]


      """
    let result = try answer(stream)
    #expect(result.text == "Hello")
    #expect(result.finishReason == "stop")
    #expect(result.usage?["total_tokens"] == 5)
    #expect(result.error == nil)
  }

  @Test func aStreamWithoutAnEndKeepsTheTextAndSaysSo() throws {
    let result = try answer("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n")
    #expect(result.text == "Hel")
    #expect(result.error == "the stream ended before the answer was finished")
    let failed = try answer(
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\ndata: {\"error\":{\"message\":\"engine died\",\"type\":\"InternalServerError\"}}\n\ndata: [DONE]\n\n"
    )
    #expect(failed.error == "engine died (InternalServerError)")
  }

  @Test(arguments: [
    (
      #"{"object":"error","message":"The model `x` does not exist.","type":"NotFoundError","param":null,"code":404}"#,
      "the model server answered 404: The model `x` does not exist. (NotFoundError)"
    ),
    (
      #"{"error":{"message":"bad","type":"BadRequestError","param":null,"code":400}}"#,
      "the model server answered 404: bad (BadRequestError)"
    ),
    (
      #"{"error":{"code":400,"message":"too long","type":"exceed_context_size_error","n_ctx":512}}"#,
      "the model server answered 404: too long (exceed_context_size_error)"
    ),
    ("<html>oops</html>", "the model server answered 404: <html>oops</html>"),
  ])
  func errorShapes(body: String, message: String) {
    #expect(ChatClient.error(HTTPResponse(status: 404, body: Array(body.utf8))) == KaitoError(message))
  }

  @Test func terminalSafety() {
    #expect(terminalSafe("ok\u{1B}]0;pwned\u{07} text\n\tmore\r") == "ok]0;pwned text\n\tmore")
  }
}

@Suite struct TuningRulesTests {
  @Test(arguments: ["https://huggingface.co/datasets/x/y.parquet", "http://example.com:8080/data"])
  func allowedURLs(url: String) throws {
    try TuningRules.checkInputURL(url)
  }

  @Test(arguments: [
    "ftp://example.com/x", "http://localhost/x", "http://127.0.0.1/x", "http://10.1.2.3/x", "http://172.20.0.1/x",
    "http://192.168.1.1/x", "http://169.254.169.254/latest", "http://[::1]/x", "http://metadata.google.internal/x",
    "file:///etc/passwd",
  ])
  func refusedURLs(url: String) {
    #expect(throws: KaitoError.self) { try TuningRules.checkInputURL(url) }
  }

  @Test func planUsesTheTuningMemoryNeed() throws {
    var request = TuningRequest(name: "t", preset: "qwen2.5-coder-32b-instruct")
    request.inputPVC = "d"
    request.outputPVC = "r"
    let plan = try Catalog.embedded.planTuning(request)
    #expect(plan.sku.name == "Standard_NC48ads_A100_v4")  // 140Gi: the smallest azure node that holds it
    #expect(plan.serveCommand == "kubectl kaito deploy qwen2.5-coder-32b-instruct --adapter t=pvc:r")
    request.instanceType = "Standard_NC24ads_A100_v4"
    #expect {
      try Catalog.embedded.planTuning(request)
    } throws: { ($0 as! KaitoError).message.contains("needs 140Gi of GPU memory on one node") }
  }

  @Test func adapterArguments() throws {
    let adapters = try AdapterArguments.parse(["a=r.io/a:1,pull-secret=s", "b=pvc:claim"], runtime: .vllm)
    #expect(adapters[0].source.image == "r.io/a:1" && adapters[0].source.imagePullSecrets == ["s"])
    #expect(adapters[1].source.volumeSource == ["persistentVolumeClaim": ["claimName": "claim"]])
    #expect(try AdapterArguments.parse(["a=i,strength=0.25"], runtime: .transformers)[0].strength == "0.25")
    #expect(throws: KaitoError.self) { try AdapterArguments.parse(["a=i,strength=2"], runtime: .transformers) }
    #expect(throws: KaitoError.self) { try AdapterArguments.parse(["a"], runtime: .vllm) }
  }
}
