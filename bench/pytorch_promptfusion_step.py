#!/usr/bin/python3
"""The training step of the built-in `promptfusion` configuration, written in PyTorch.

A comparison program for `pfstudio bench` (issue 8), not part of the build or the tests. It
rebuilds the model from the shapes `pfstudio bench --json` prints (the "model" object of the
promptfusion entry) and times the same training step the C++ core runs on task 1:

  Stabilizer: CLIP image tower (patch conv, class token, positions, ln_pre, pre-norm blocks
    with QuickGELU MLPs, ln_post on the mean of the visual-prompt outputs, projection) with a
    trained visual prompt spliced after the class token; CLIP text tower (token embedding with
    the task's CoOp contexts spliced after SOS, positions, causal mask, ln_final, projection at
    EOS) over the current task's classes once per step; cosine logits times exp(logit_scale).
  Booster: ViT (patch conv, class token, positions, pre-norm blocks with GELU MLPs, final
    norm) with VPT tokens after the class token, the mean of their outputs into a head over all
    classes, sliced to the seen ones.
  Fusion: (1 - sigmoid(lambda)) * stabilizer + sigmoid(lambda) * booster, cross-entropy,
    AdamW on the prompts, contexts, head and lambda, gradient clipping at 1.0.

Backbone weights are random and frozen: speed does not depend on their values. Images are
random tensors already on the device (the C++ figure to compare with is the step without its
data time: forward + backward + optimizer).

Usage (Debian's python3-torch, the same LibTorch 1.13 underneath):
  build/bin/pfstudio bench --learner promptfusion --json > /tmp/bench.json
  /usr/bin/python3 bench/pytorch_promptfusion_step.py /tmp/bench.json [--threads 2] [--steps 20]
      [--repeats 3] [--warmup 5]
"""
import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class Block(nn.Module):
    """Pre-norm transformer block with a fused qkv projection."""

    def __init__(self, width, heads, hidden, act):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(width, eps=1e-5 if isinstance(act, QuickGELU) else 1e-6)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.norm2 = nn.LayerNorm(width, eps=1e-5 if isinstance(act, QuickGELU) else 1e-6)
        self.fc1 = nn.Linear(width, hidden)
        self.act = act
        self.fc2 = nn.Linear(hidden, width)

    def attention(self, x, mask):
        b, t, d = x.shape
        dh = d // self.heads
        qkv = self.qkv(x).reshape(b, t, 3, self.heads, dh).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = torch.matmul(q, k.transpose(-2, -1)) * (1.0 / dh ** 0.5)
        if mask is not None:
            scores = scores + mask
        out = torch.matmul(torch.softmax(scores, -1), v).transpose(1, 2).reshape(b, t, d)
        return self.proj(out)

    def forward(self, x, mask=None):
        x = x + self.attention(self.norm1(x), mask)
        return x + self.fc2(self.act(self.fc1(self.norm2(x))))


class ClipVision(nn.Module):
    def __init__(self, o):
        super().__init__()
        self.conv1 = nn.Conv2d(o["channels"], o["width"], o["patch_size"], o["patch_size"],
                               bias=False)
        grid = o["image_size"] // o["patch_size"]
        self.cls = nn.Parameter(torch.randn(o["width"]) * 0.02)
        self.pos = nn.Parameter(torch.randn(grid * grid + 1, o["width"]) * 0.01)
        self.ln_pre = nn.LayerNorm(o["width"])
        self.blocks = nn.ModuleList(
            [Block(o["width"], o["heads"], 4 * o["width"], QuickGELU()) for _ in range(o["layers"])])
        self.ln_post = nn.LayerNorm(o["width"])
        self.proj = nn.Parameter(torch.randn(o["width"], o["output_dim"]) * 0.02)

    def forward(self, images, prompt):
        b = images.shape[0]
        x = self.conv1(images).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.view(1, 1, -1).expand(b, 1, -1), x], 1) + self.pos
        x = self.ln_pre(x)
        n = prompt.shape[1]
        x = torch.cat([x[:, :1], prompt.expand(b, -1, -1), x[:, 1:]], 1)
        for block in self.blocks:
            x = block(x)
        return self.ln_post(x[:, 1:1 + n].mean(1)) @ self.proj


class ClipText(nn.Module):
    def __init__(self, o):
        super().__init__()
        self.length = o["context_length"]
        self.embedding = nn.Embedding(o["vocab_size"], o["width"])
        self.pos = nn.Parameter(torch.randn(self.length, o["width"]) * 0.01)
        self.blocks = nn.ModuleList(
            [Block(o["width"], o["heads"], 4 * o["width"], QuickGELU()) for _ in range(o["layers"])])
        self.ln_final = nn.LayerNorm(o["width"])
        self.proj = nn.Parameter(torch.randn(o["width"], o["output_dim"]) * 0.02)
        self.register_buffer("mask", torch.full((self.length, self.length), float("-inf")).triu(1))

    def forward(self, tokens, context):
        m = context.shape[1]
        eos = tokens.argmax(-1) + m
        e = self.embedding(tokens)
        x = torch.cat([e[:, :1], context, e[:, 1:self.length - m]], 1) + self.pos
        for block in self.blocks:
            x = block(x, self.mask)
        x = self.ln_final(x)
        return x[torch.arange(x.shape[0]), eos] @ self.proj


class ViT(nn.Module):
    def __init__(self, o):
        super().__init__()
        d = o["dim"]
        self.patch = nn.Conv2d(o["channels"], d, o["patch_size"], o["patch_size"])
        grid = o["image_size"] // o["patch_size"]
        self.cls = nn.Parameter(torch.zeros(1, 1, d))
        self.pos = nn.Parameter(torch.randn(1, grid * grid + 1, d) * 0.02)
        hidden = round(d * o["mlp_ratio"])
        self.blocks = nn.ModuleList(
            [Block(d, o["heads"], hidden, nn.GELU()) for _ in range(o["depth"])])
        self.norm = nn.LayerNorm(d, eps=1e-6)

    def forward(self, images, vpt):
        b = images.shape[0]
        x = self.patch(images).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(b, -1, -1), x], 1) + self.pos
        n = vpt.shape[1]
        tokens = vpt.expand(b, -1, -1) + self.pos[:, :1]
        x = torch.cat([x[:, :1], tokens, x[:, 1:]], 1)
        for block in self.blocks:
            x = block(x)
        return self.norm(x)[:, 1:1 + n].mean(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench_json", help="output of `pfstudio bench --learner promptfusion --json`")
    parser.add_argument("--threads", type=int, default=0, help="0: the count the C++ bench used")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    with open(args.bench_json) as f:
        report = json.load(f)
    entry = next((l for l in report["learners"] if l["learner"] == "promptfusion"), None)
    if entry is None:
        sys.exit("no promptfusion entry in " + args.bench_json)
    model = entry["model"]
    threads = args.threads or report["limit"]["threads"]
    torch.set_num_threads(threads)
    torch.manual_seed(0)

    clip_o = model["clip"]
    vision, text, vit = ClipVision(clip_o["vision"]), ClipText(clip_o["text"]), ViT(model["vit"])
    for module in (vision, text, vit):
        module.requires_grad_(False)
        module.eval()
    batch = model["batch_size"]
    classes, seen = model["classes"], model["seen_classes"]
    new_classes = seen  # task 1: every seen class is new, its contexts train
    wv, wt, dv = clip_o["vision"]["width"], clip_o["text"]["width"], model["vit"]["dim"]
    visual_prompt = nn.Parameter(torch.randn(1, model["visual_prompt"], wv) * 0.02)
    contexts = nn.Parameter(torch.randn(new_classes, model["text_context"], wt) * 0.01)
    vpt = nn.Parameter(torch.randn(1, model["vpt_length"], dv) * 0.02)
    head = nn.Linear(dv, classes)
    lam = nn.Parameter(torch.zeros(()))
    logit_scale = torch.tensor(4.6052)
    params = [visual_prompt, contexts, vpt, lam] + list(head.parameters())
    optimizer = torch.optim.AdamW(params, lr=0.005, weight_decay=1e-4)

    # "[SOS] name . [EOS]" rows: token 1 = SOS, then two name tokens, EOS = the largest id.
    tokens = torch.zeros(new_classes, clip_o["text"]["context_length"], dtype=torch.long)
    tokens[:, 0] = 1
    tokens[:, 1:3] = 2
    tokens[:, 3] = clip_o["text"]["vocab_size"] - 1
    side, channels = model["image_size"], model["channels"]
    images = torch.randn(batch, channels, side, side)
    targets = torch.randint(0, seen, (batch,))

    def step():
        image = vision(images, visual_prompt)
        txt = text(tokens, contexts)
        stab = logit_scale.exp() * F.normalize(image, dim=-1) @ F.normalize(txt, dim=-1).t()
        boost = head(vit(images, vpt))[:, :seen]
        w = torch.sigmoid(lam)
        logits = (1 - w) * stab + w * boost
        loss = F.cross_entropy(logits, targets)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        return loss.item()

    rates = []
    for _ in range(args.repeats):
        for _ in range(args.warmup):
            step()
        start = time.perf_counter()
        for _ in range(args.steps):
            step()
        rates.append(batch * args.steps / (time.perf_counter() - start))
    pytorch = statistics.median(rates)
    phases = entry["seconds_per_step"]
    cpp_step = phases["forward"] + phases["backward"] + phases["optimizer"]
    cpp = batch / cpp_step
    print(json.dumps({
        "threads": threads,
        "batch_size": batch,
        "torch": torch.__version__,
        "pytorch_images_per_second": pytorch,
        "cpp_images_per_second_without_data": cpp,
        "cpp_images_per_second_with_data": entry["train_images_per_second"],
        "speedup_cpp_over_pytorch": cpp / pytorch,
    }, indent=1))


if __name__ == "__main__":
    main()
