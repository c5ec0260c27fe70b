#!/usr/bin/env python3
"""Writes a tiny llama-architecture GGUF model with random weights, with the tokenizer (and chat
template) of a vocab-only GGUF that llama.cpp ships. Its answers are gibberish, but llama-server
loads it in a blink and serves it exactly as it serves a real model: a real OpenAI-compatible peer
for tests, with nothing downloaded.

Usage: make_tiny_gguf.py VOCAB.gguf OUT.gguf
"""
import sys
import numpy as np
import gguf

vocab_path, out_path = sys.argv[1], sys.argv[2]
reader = gguf.GGUFReader(vocab_path)
writer = gguf.GGUFWriter(out_path, "llama")

n_vocab = None
for name, field in reader.fields.items():
    if not name.startswith("tokenizer."):
        continue
    vtype = field.types[0]
    if vtype == gguf.GGUFValueType.ARRAY:
        sub = field.types[1]
        if sub == gguf.GGUFValueType.STRING:
            value = [bytes(field.parts[i]).decode("utf-8", errors="replace") for i in field.data]
        else:
            value = [field.parts[i].tolist()[0] for i in field.data]
        if name == "tokenizer.ggml.tokens":
            n_vocab = len(value)
        writer.add_key_value(name, value, vtype, sub_type=sub)
    elif vtype == gguf.GGUFValueType.STRING:
        writer.add_key_value(name, bytes(field.parts[field.data[0]]).decode("utf-8", errors="replace"), vtype)
    else:
        writer.add_key_value(name, field.parts[field.data[0]].tolist()[0], vtype)

embedding, layers, heads, ffn, context = 64, 2, 4, 128, 512
writer.add_name("tiny-random-llama")
writer.add_context_length(context)
writer.add_embedding_length(embedding)
writer.add_block_count(layers)
writer.add_feed_forward_length(ffn)
writer.add_head_count(heads)
writer.add_head_count_kv(heads)
writer.add_layer_norm_rms_eps(1e-5)
writer.add_rope_dimension_count(embedding // heads)
writer.add_vocab_size(n_vocab)
writer.add_file_type(gguf.LlamaFileType.ALL_F32)

rng = np.random.default_rng(1234)
def weight(*shape):
    return (rng.standard_normal(shape) * 0.02).astype(np.float32)

writer.add_tensor("token_embd.weight", weight(n_vocab, embedding))
writer.add_tensor("output_norm.weight", np.ones(embedding, dtype=np.float32))
writer.add_tensor("output.weight", weight(n_vocab, embedding))
for i in range(layers):
    writer.add_tensor("blk.%d.attn_norm.weight" % i, np.ones(embedding, dtype=np.float32))
    for part in ("attn_q", "attn_k", "attn_v", "attn_output"):
        writer.add_tensor("blk.%d.%s.weight" % (i, part), weight(embedding, embedding))
    writer.add_tensor("blk.%d.ffn_norm.weight" % i, np.ones(embedding, dtype=np.float32))
    writer.add_tensor("blk.%d.ffn_gate.weight" % i, weight(ffn, embedding))
    writer.add_tensor("blk.%d.ffn_up.weight" % i, weight(ffn, embedding))
    writer.add_tensor("blk.%d.ffn_down.weight" % i, weight(embedding, ffn))

writer.write_header_to_file()
writer.write_kv_data_to_file()
writer.write_tensors_to_file()
writer.close()
