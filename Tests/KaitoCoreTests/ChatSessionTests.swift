import KaitoCore
import Testing

@Suite struct ChatSessionTests {
  func session() -> ChatSession {
    ChatSession(
      workspace: "ws", model: ChatClient.ServedModel(id: "phi", maxModelLen: 4096), options: ChatClient.Options(),
      system: nil)
  }

  func answer(text: String, tokens: Int?, first: Double, total: Double, finish: String = "stop") -> ChatClient.Answer {
    var answer = ChatClient.Answer(model: "phi")
    answer.text = text
    answer.usage = tokens.map { .object(["completion_tokens": .int($0)]) }
    answer.timeToFirstToken = first
    answer.total = total
    answer.finishReason = finish
    return answer
  }

  @Test func statsSayTheFirstTokenTheCountAndTheRate() {
    var s = session()
    // 41 tokens after the first in 2 s: 20.5 tokens/s.
    #expect(
      s.stats(of: answer(text: "x", tokens: 42, first: 0.25, total: 2.25), pieces: 40)
        == "first token 250 ms · 42 tokens · 20.5 tokens/s")
    // Without a usage chunk, the pieces streamed are counted.
    #expect(
      s.stats(of: answer(text: "x", tokens: nil, first: 0.1, total: 1.1), pieces: 11).hasSuffix(
        "11 tokens · 10.0 tokens/s"))
    _ = s.command("/set max_tokens 2", served: { [] })
    #expect(
      s.stats(of: answer(text: "x", tokens: 2, first: 0.1, total: 0.2, finish: "length"), pieces: 2)
        .hasSuffix("cut at max_tokens 2: /set max_tokens 8 for longer answers"))
  }

  @Test func anUnbelievableUsageCountIsNotACrash() {
    let s = session()
    // A server's usage of Int.max tokens in a millionth of a second: counted pieces are used instead.
    let line = s.stats(of: answer(text: "x", tokens: Int.max, first: 0.1, total: 0.100001), pieces: 3)
    #expect(line.hasPrefix("first token 100 ms · 3 tokens"), "\(line)")
    #expect(tenths(.infinity) == "inf" && tenths(20.54) == "20.5")
  }

  @Test func retryAsksTheLastQuestionAgain() {
    var s = session()
    #expect(s.command("/retry", served: { [] }) == .fail("nothing to retry yet"))
    s.turns = [.init(role: "user", content: "q1"), .init(role: "assistant", content: "a1")]
    #expect(s.command("/retry", served: { [] }) == .retry("q1"))
    #expect(s.turns.isEmpty, "the old answer goes; the new one takes its place")
    s.unanswered = "q2"
    #expect(s.command("/retry", served: { [] }) == .retry("q2"))
  }

  @Test func modelsAreCheckedAgainstWhatIsServed() {
    var s = session()
    let served = [ChatClient.ServedModel(id: "phi"), ChatClient.ServedModel(id: "tuned", parent: "phi")]
    #expect(s.command("/model tuned", served: { served }) == .say("Talking to tuned (an adapter of phi)."))
    #expect(s.model.id == "tuned")
    #expect(
      s.command("/model nope", served: { served }) == .fail("the workspace serves no model nope; it serves phi, tuned"))
    #expect(s.command("/models", served: { served }) == .say("Served: phi; tuned (adapter of phi)"))
    #expect(s.command("/system", served: { [] }) == .say("No system message (/system TEXT sets one)."))
    #expect(s.command("/set top_p 0", served: { [] }) == .fail("top_p is a number above 0 and at most 1, not \"0\""))
  }

  @Test func inputJoinsBlocksContinuationsAndPastes() {
    var input = ChatInput()
    #expect(input.feed("\"\"\"first") == nil && input.continuing)
    #expect(input.feed("/second") == nil)
    #expect(input.feed("end\"\"\"")! == ("first\n/second\nend", true))
    #expect(input.feed("\"\"\"one line\"\"\"")! == ("one line", true))
    #expect(input.feed("a\\") == nil)
    #expect(input.feed("b")! == ("a\nb", true))
    #expect(input.feed("/help")! == ("/help", false))
    #expect(input.feed("\u{1B}[200~p1") == nil)
    #expect(input.feed("p2\u{1B}[201~")! == ("p1\np2", true))
    #expect(!input.continuing)
  }
}
