#!/usr/bin/python3
"""Extended reference cases in the rmsprop-golden/1 format (shared/golden/README.md), computed by
PyTorch's own torch.optim (RMSprop, SGD, Adam, Adagrad; foreach=False) in float64.

    /usr/bin/python3 scripts/make-golden.py [--out tests/golden/torch_extended.json]
    /usr/bin/python3 scripts/make-golden.py --check FILE   # recompute FILE's cases, report the
                                                           # largest relative difference

Run it with Debian's /usr/bin/python3 (python3-torch, PyTorch 1.13). Every input comes from
Python's random.Random with fixed seeds (Mersenne Twister, the same on every Python 3), so the
output is the same file on every run. Numbers are written with repr (shortest round trip).
Surface gradients come from autograd, MLP gradients from autograd through nn.functional.

Every case must be finite (JSON has no NaN; PyTorch itself gives NaN for centered RMSprop with
alpha = 0, where its fused multiply-add leaves v - g_avg^2 a rounding error below 0) and well
conditioned: a 1-ulp nudge of the start must move PyTorch's own result by under 1% of the
format's tolerance, else the case would test the luck of rounding (PyTorch's CPU kernels fuse
multiply-adds, a float64 engine without fma rounds differently). Networks beyond the
playground's limits (no hidden layer, wider layers, more inputs) and hyperparameters beyond the
page's ranges that PyTorch accepts (momentum above 1, any dampening) are included: the replay
takes whatever PyTorch takes (up to a memory bound, cpp/nn/mlp.hpp kReferenceLimits).
"""
import argparse
import json
import math
import os
import sys

import torch

from golden_cases import all_cases  # scripts/golden_cases.py: the cases themselves

torch.set_default_dtype(torch.float64)
F = torch.nn.functional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def make_torch_opt(o, params):
    kw = {k: v for k, v in o.items() if k != 'name'}
    name = o['name']
    if name == 'rmsprop':
        return torch.optim.RMSprop(params, foreach=False, **kw)
    if name == 'sgd':
        return torch.optim.SGD(params, foreach=False, **kw)
    if name == 'adam':
        b1, b2 = kw.pop('beta1'), kw.pop('beta2')
        return torch.optim.Adam(params, betas=(b1, b2), foreach=False, **kw)
    if name == 'adagrad':
        return torch.optim.Adagrad(params, foreach=False, **kw)
    raise ValueError(name)


# ---------------------------------------------------------------------------------------------
# The three kinds, computed by PyTorch.

def run_stream(c):
    p = torch.tensor(c['params0'], requires_grad=True)
    o = make_torch_opt(c['optimizer'], [p])
    out = []
    for g in c['grads']:
        p.grad = torch.tensor(g)
        o.step()
        out.append(p.detach().tolist())
    return {'params': out}


def surface_loss(f, x, y):
    n = f['name']
    if n == 'rosenbrock':
        return (f['a'] - x) ** 2 + f['b'] * (y - x ** 2) ** 2
    if n == 'quadratic':
        return 0.5 * (f['a'] * x ** 2 + f['b'] * y ** 2)
    if n == 'beale':
        return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2
    if n == 'saddle':
        return x ** 2 - y ** 2
    raise ValueError(n)


def run_surface(c):
    p = torch.tensor(c['params0'], requires_grad=True)
    o = make_torch_opt(c['optimizer'], [p])
    loss, params = [], []
    for _ in range(c['steps']):
        o.zero_grad()
        L = surface_loss(c['function'], p[0], p[1])
        L.backward()
        loss.append(L.item())
        o.step()
        params.append(p.detach().tolist())
    return {'loss': loss, 'params': params}


HIDDEN = {'tanh': torch.tanh, 'relu': torch.relu, 'sigmoid': torch.sigmoid, 'linear': lambda z: z}


def mlp_loss(m, Ws, bs, X, Y):
    h = X
    L = len(Ws)
    for l in range(L):
        z = F.linear(h, Ws[l], bs[l])
        h = HIDDEN[m['output'] if l == L - 1 else m['activation']](z)
    if m['loss'] == 'mse':
        return F.mse_loss(h, Y)
    return F.binary_cross_entropy_with_logits(z, Y)


def rms(ts):
    flat = torch.cat([t.reshape(-1) for t in ts])
    return math.sqrt(torch.mean(flat * flat).item())


def run_mlp(c):
    m = c['model']
    Ws = [torch.tensor(w['W'], requires_grad=True) for w in c['weights']]
    bs = [torch.tensor(w['b'], requires_grad=True) for w in c['weights']]
    params = [t for pair in zip(Ws, bs) for t in pair]
    o = make_torch_opt(c['optimizer'], params)
    X, Y = torch.tensor(c['data']['x']), torch.tensor(c['data']['y'])
    loss, grad_rms, update_rms = [], [], []
    for _ in range(c['steps']):
        o.zero_grad()
        Lt = mlp_loss(m, Ws, bs, X, Y)
        Lt.backward()
        loss.append(Lt.item())
        grad_rms.append([rms([W.grad, b.grad]) for W, b in zip(Ws, bs)])
        old = [(W.detach().clone(), b.detach().clone()) for W, b in zip(Ws, bs)]
        o.step()
        update_rms.append([rms([W.detach() - W0, b.detach() - b0]) for (W, b), (W0, b0) in zip(zip(Ws, bs), old)])
    with torch.no_grad():
        final = mlp_loss(m, Ws, bs, X, Y).item()
    weights = [{'W': W.detach().tolist(), 'b': b.detach().tolist()} for W, b in zip(Ws, bs)]
    return {'loss': loss, 'final_loss': final, 'grad_rms': grad_rms, 'update_rms': update_rms, 'weights': weights}


def run_case(c):
    return {'stream': run_stream, 'surface': run_surface, 'mlp': run_mlp}[c['kind']](c)


def finite(v):
    if isinstance(v, float):
        return math.isfinite(v)
    if isinstance(v, list):
        return all(finite(x) for x in v)
    if isinstance(v, dict):
        return all(finite(x) for x in v.values())
    return True


def max_rel(got, want):
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        d = abs(got - want)
        return d / abs(want) if want != 0 else (0.0 if d == 0 else math.inf)
    if isinstance(want, list):
        return max([max_rel(g, w) for g, w in zip(got, want)] + [0.0])
    if isinstance(want, dict):
        return max([max_rel(got[k], w) for k, w in want.items()] + [0.0])
    return 0.0


def tol_ratio(got, want):
    """Largest |got - want| / (1e-9 |want| + 1e-12): 1 is the edge of the format's tolerance."""
    if isinstance(want, float):
        return abs(got - want) / (1e-9 * abs(want) + 1e-12)
    if isinstance(want, list):
        return max([tol_ratio(g, w) for g, w in zip(got, want)] + [0.0])
    if isinstance(want, dict):
        return max([tol_ratio(got[k], w) for k, w in want.items()] + [0.0])
    return 0.0


def sensitivity(c):
    """How far PyTorch's own result moves when the start moves by one ulp (params0, or the first
    row of the first layer's W), as a fraction of the tolerance. A chaotic case (a few rounding differences grow past 1e-9) tests nothing
    but the luck of rounding, so every case must stay far below 1."""
    nudged = json.loads(json.dumps(c))
    if c['kind'] == 'mlp':
        row = nudged['weights'][0]['W'][0]
    else:
        row = nudged['params0']
    for i, v in enumerate(row):  # not the exact zeros: they stay exact
        if v != 0:
            row[i] = math.nextafter(v, math.inf if i % 2 == 0 else -math.inf)
    return tol_ratio(run_case(nudged), c['expected'])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', default=os.path.join(ROOT, 'tests', 'golden', 'torch_extended.json'))
    ap.add_argument('--check', help='recompute the cases of this file and compare')
    args = ap.parse_args()
    if args.check:
        doc = json.load(open(args.check))
        worst = 0.0
        for c in doc['cases']:
            r = max_rel(run_case(c), c['expected'])
            worst = max(worst, r)
            print('%-40s max rel diff %.3g' % (c['name'], r))
        print('worst', worst)
        return
    cases = []
    names = set()
    for c in all_cases():
        assert c['name'] not in names, c['name']
        names.add(c['name'])
        c['expected'] = run_case(c)
        assert finite(c['expected']), c['name'] + ': PyTorch produced a non-finite number'
        s = sensitivity(c)
        if os.environ.get('GOLDEN_VERBOSE'):
            print('%-50s sensitivity %.3g' % (c['name'], s))
        assert s < 1e-2, '%s: ill-conditioned, a 1-ulp nudge moves the result by %.3g of the tolerance' % (c['name'], s)
        cases.append(c)
    doc = {'format': 'rmsprop-golden/1',
           'generator': 'scripts/make-golden.py: PyTorch %s optimizers (torch.optim), float64, foreach=False'
                        % torch.__version__,
           'cases': cases}
    with open(args.out, 'w') as f:
        json.dump(doc, f, separators=(',', ':'), allow_nan=False)
        f.write('\n')
    kinds = {}
    for c in cases:
        key = (c['kind'], c['optimizer']['name'])
        kinds[key] = kinds.get(key, 0) + 1
    print('%s: %d cases, %d bytes' % (os.path.relpath(args.out), len(cases), os.path.getsize(args.out)))
    for (k, o), n in sorted(kinds.items()):
        print('  %-8s %-8s %d' % (k, o, n))


if __name__ == '__main__':
    sys.exit(main())
