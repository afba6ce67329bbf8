"""The extended reference cases scripts/make-golden.py computes: their optimizers (every key of
the rmsprop-golden/1 format with PyTorch's defaults), inputs from fixed seeds, and the case lists
(stream, surface, mlp). No torch here: scripts/make-golden.py runs them through torch.optim."""
import math
import random

# ---------------------------------------------------------------------------------------------
# Optimizers: every key of the format, PyTorch's defaults.

DEFAULTS = {
    'rmsprop': dict(lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False, maximize=False),
    'sgd': dict(lr=0.01, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, maximize=False),
    'adam': dict(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, amsgrad=False, maximize=False),
    'adagrad': dict(lr=0.01, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10, maximize=False),
}


def opt(name, **kw):
    o = {'name': name}
    for k, v in DEFAULTS[name].items():
        v = kw.pop(k, v)
        o[k] = v if isinstance(v, bool) else float(v)
    assert not kw, kw
    return o


# ---------------------------------------------------------------------------------------------
# Inputs.

def fl(v):
    return float(v)


def gauss_rows(rng, T, n, scale=1.0):
    return [[fl(rng.gauss(0, 1) * scale) for _ in range(n)] for _ in range(T)]


def grads_stream(kind, rng, T, n):
    """Gradient sequences: T rows of n numbers."""
    if kind == 'normal':
        return gauss_rows(rng, T, n)
    if kind == 'zero':
        return [[0.0] * n for _ in range(T)]
    if kind == 'sparse':  # ~80% exact zeros, some coordinates only ever see a few values
        return [[fl(rng.gauss(0, 1)) if rng.random() < 0.2 else 0.0 for _ in range(n)] for _ in range(T)]
    if kind == 'late':  # zeros first, then gradients (state built from nothing)
        return [[0.0] * n if t < T // 3 else [fl(rng.gauss(0, 1)) for _ in range(n)] for t in range(T)]
    if kind == 'huge':
        return gauss_rows(rng, T, n, 1e8)
    if kind == 'tiny':
        return gauss_rows(rng, T, n, 1e-9)
    if kind == 'scales':  # per coordinate 1e-12 .. 1e12
        sc = [10.0 ** (-12 + 24 * i / (n - 1)) for i in range(n)]
        return [[fl(rng.gauss(0, 1) * s) for s in sc] for _ in range(T)]
    if kind == 'varying':  # magnitude changes over time by orders of magnitude
        return [[fl(rng.gauss(0, 1) * 10.0 ** rng.randint(-6, 6)) for _ in range(n)] for _ in range(T)]
    if kind == 'signflip':
        base = [fl(rng.uniform(0.5, 2)) for _ in range(n)]
        return [[b * (1 if t % 2 == 0 else -1) for b in base] for t in range(T)]
    if kind == 'overflow':  # g*g overflows to inf: the accumulators become inf, the steps 0
        return gauss_rows(rng, T, n, 1e170)
    if kind == 'subnormal':
        return [[fl(rng.gauss(0, 1) * 1e-310) for _ in range(n)] for _ in range(T)]
    raise ValueError(kind)


def stream_case(name, o, grads='normal', n=5, T=20, seed=0, p_scale=1.0):
    rng = random.Random(seed)
    p0 = [fl(rng.gauss(0, 1) * p_scale) for _ in range(n)]
    return {'name': 'stream/' + name, 'kind': 'stream', 'optimizer': o, 'params0': p0,
            'grads': grads_stream(grads, rng, T, n)}


def surface_case(name, fn, o, p0, steps):
    return {'name': 'surface/' + name, 'kind': 'surface', 'function': fn, 'optimizer': o,
            'params0': [fl(v) for v in p0], 'steps': steps}


def mlp_case(name, layers, act, out, loss, o, steps=12, n=12, seed=0, x_scale=1.0, w_scale=1.0,
             zero_row=False, labels=None):
    rng = random.Random(seed)
    weights = []
    for l in range(len(layers) - 1):
        fi, fo = layers[l], layers[l + 1]
        a = w_scale * math.sqrt(6.0 / (fi + fo))
        weights.append({'W': [[fl(rng.uniform(-a, a)) for _ in range(fi)] for _ in range(fo)],
                        'b': [fl(rng.uniform(-0.3, 0.3)) for _ in range(fo)]})
    x = [[fl(rng.uniform(-1, 1) * x_scale) for _ in range(layers[0])] for _ in range(n)]
    if zero_row:  # an exact 0 input row with zero first-layer biases: ReLU sees z = 0 exactly
        x[0] = [0.0] * layers[0]
        weights[0]['b'] = [0.0] * layers[1]
    k = layers[-1]
    if loss == 'bce':
        if labels == 'soft':
            y = [[fl(rng.random()) for _ in range(k)] for _ in range(n)]
        else:  # a label from the inputs (learnable), as 0.0 / 1.0
            y = [[1.0 if (sum(r) * (j + 1) + 0.3 * j) % 2 > 1 else 0.0 for j in range(k)] for r in x]
    else:
        lo, hi = {'tanh': (-0.9, 0.9), 'sigmoid': (0.05, 0.95)}.get(out, (-1.5, 1.5))
        y = [[fl(rng.uniform(lo, hi)) for _ in range(k)] for _ in range(n)]
    return {'name': 'mlp/' + name, 'kind': 'mlp',
            'model': {'layers': layers, 'activation': act, 'output': out, 'loss': loss},
            'optimizer': o, 'weights': weights, 'data': {'x': x, 'y': y}, 'steps': steps}


# ---------------------------------------------------------------------------------------------
# The case list.

def stream_cases():
    cs = []
    R, S, A, G = (lambda **k: opt('rmsprop', **k)), (lambda **k: opt('sgd', **k)), \
        (lambda **k: opt('adam', **k)), (lambda **k: opt('adagrad', **k))
    # rmsprop: every flag and combination, hyperparameter edges
    rms = [
        ('default', R()),
        ('centered', R(centered=True)),
        ('momentum', R(momentum=0.9)),
        ('momentum_099', R(momentum=0.99, lr=0.001)),
        ('momentum_1', R(momentum=1.0, lr=0.001)),
        ('centered_momentum', R(centered=True, momentum=0.9)),
        ('weight_decay', R(weight_decay=0.1)),
        ('weight_decay_big', R(weight_decay=5.0, lr=0.003)),
        ('maximize', R(maximize=True)),
        ('maximize_weight_decay', R(maximize=True, weight_decay=0.05)),
        ('centered_weight_decay', R(centered=True, weight_decay=0.1)),
        ('centered_maximize', R(centered=True, maximize=True)),
        ('momentum_maximize', R(momentum=0.5, maximize=True)),
        ('momentum_weight_decay', R(momentum=0.9, weight_decay=0.01)),
        ('all_flags', R(lr=0.003, alpha=0.9, eps=1e-6, weight_decay=0.02, momentum=0.7, centered=True, maximize=True)),
        ('eps_0', R(eps=0.0)),
        ('eps_tiny', R(eps=1e-300)),
        ('eps_big', R(eps=10.0)),
        ('eps_huge', R(eps=1e6, lr=1.0)),
        ('alpha_0', R(alpha=0.0)),
        ('alpha_1', R(alpha=1.0, eps=1.0)),
        ('alpha_1_centered_momentum', R(alpha=1.0, eps=0.5, centered=True, momentum=0.9)),
        ('alpha_small', R(alpha=0.1)),
        ('alpha_0999999', R(alpha=0.999999)),
        ('lr_0', R(lr=0.0)),
        ('lr_0_momentum_centered', R(lr=0.0, momentum=0.9, centered=True)),
        ('lr_big', R(lr=10.0)),
        ('keras_like', R(lr=0.001, alpha=0.9, eps=1e-7)),
    ]
    for i, (n, o) in enumerate(rms):
        cs.append(stream_case('rmsprop_' + n, o, seed=100 + i))
    for i, g in enumerate(['zero', 'sparse', 'late', 'huge', 'tiny', 'scales', 'varying', 'signflip', 'subnormal']):
        cs.append(stream_case('rmsprop_%s_grads' % g, R(), grads=g, n=6, seed=200 + i))
        cs.append(stream_case('rmsprop_centered_momentum_%s_grads' % g, R(centered=True, momentum=0.9, lr=0.003),
                              grads=g, n=6, seed=250 + i))
    cs.append(stream_case('rmsprop_tiny_grads_eps_0', R(eps=0.0), grads='tiny', seed=290))
    cs.append(stream_case('rmsprop_huge_grads_weight_decay', R(weight_decay=0.5), grads='huge', seed=291))
    cs.append(stream_case('rmsprop_big_params_weight_decay', R(weight_decay=1e-3), seed=292, p_scale=1e6))
    cs.append(stream_case('rmsprop_long', R(momentum=0.5), n=3, T=200, seed=293))
    # degenerate shapes: no parameters, no steps
    cs.append(stream_case('rmsprop_no_params', R(centered=True, momentum=0.9), n=0, T=3, seed=294))
    cs.append(stream_case('adam_no_steps', A(), n=4, T=0, seed=295))
    # g*g overflows (|g| > 1.3e154): PyTorch's accumulators go to inf and the steps to 0
    cs.append(stream_case('rmsprop_overflow_grads', R(momentum=0.9), grads='overflow', seed=296))
    cs.append(stream_case('adam_overflow_grads', A(amsgrad=True), grads='overflow', seed=297))
    cs.append(stream_case('adagrad_overflow_grads', G(), grads='overflow', seed=298))
    cs.append(stream_case('sgd_overflow_grads', S(lr=0.001), grads='overflow', seed=299))

    # sgd
    sgd = [
        ('plain', S(lr=0.05)),
        ('momentum', S(lr=0.05, momentum=0.9)),
        ('momentum_1', S(lr=0.01, momentum=1.0)),
        ('dampening', S(lr=0.05, momentum=0.9, dampening=0.5)),
        ('dampening_1', S(lr=0.05, momentum=0.9, dampening=1.0)),
        ('dampening_no_momentum', S(lr=0.05, dampening=0.3)),
        ('nesterov', S(lr=0.05, momentum=0.9, nesterov=True)),
        ('weight_decay', S(lr=0.05, weight_decay=0.1)),
        ('maximize', S(lr=0.05, maximize=True)),
        ('momentum_maximize', S(lr=0.05, momentum=0.8, maximize=True)),
        ('nesterov_weight_decay_maximize', S(lr=0.02, momentum=0.95, weight_decay=0.01, nesterov=True, maximize=True)),
        ('dampening_weight_decay', S(lr=0.03, momentum=0.5, dampening=0.2, weight_decay=0.3)),
        ('lr_0', S(lr=0.0, momentum=0.9)),
        ('lr_big', S(lr=3.0)),
    ]
    for i, (n, o) in enumerate(sgd):
        cs.append(stream_case('sgd_' + n, o, seed=300 + i))
    for i, g in enumerate(['zero', 'sparse', 'late', 'huge', 'tiny', 'scales', 'subnormal']):
        cs.append(stream_case('sgd_nesterov_%s_grads' % g, S(lr=0.01, momentum=0.9, nesterov=True), grads=g, n=6, seed=350 + i))

    # adam
    adam = [
        ('default', A()),
        ('lr', A(lr=0.01)),
        ('amsgrad', A(lr=0.01, amsgrad=True)),
        ('weight_decay', A(lr=0.01, weight_decay=0.1)),
        ('maximize', A(lr=0.01, maximize=True)),
        ('amsgrad_weight_decay_maximize', A(lr=0.01, weight_decay=0.05, amsgrad=True, maximize=True)),
        ('beta1_0', A(lr=0.01, beta1=0.0)),
        ('beta2_0', A(lr=0.01, beta2=0.0)),
        ('betas_0', A(lr=0.01, beta1=0.0, beta2=0.0, amsgrad=True)),
        ('beta1_high', A(lr=0.01, beta1=0.999)),
        ('beta2_high', A(lr=0.01, beta2=0.99999)),
        ('betas_near_1', A(lr=0.01, beta1=0.9999999, beta2=0.999999999)),
        ('betas_near_1_amsgrad', A(lr=0.01, beta1=0.999999, beta2=0.9999999999, amsgrad=True)),
        ('betas_extreme', A(lr=0.01, beta1=0.9999999992, beta2=0.999999991)),  # 1 - beta^t magnifies beta^t's rounding
        ('betas_extreme_2', A(lr=0.01, beta1=0.999999996, beta2=0.99999983)),
        ('eps_0', A(lr=0.01, eps=0.0)),
        ('eps_big', A(lr=0.01, eps=1.0)),
        ('lr_0', A(lr=0.0)),
    ]
    for i, (n, o) in enumerate(adam):
        cs.append(stream_case('adam_' + n, o, seed=400 + i))
    cs.append(stream_case('adam_long', A(lr=0.01, amsgrad=True), n=3, T=300, seed=430))
    cs.append(stream_case('adam_betas_near_1_long', A(lr=0.01, beta1=0.99999, beta2=0.9999999), n=3, T=300, seed=431))
    for i, g in enumerate(['zero', 'sparse', 'late', 'huge', 'tiny', 'scales', 'varying', 'subnormal']):
        cs.append(stream_case('adam_amsgrad_%s_grads' % g, A(lr=0.01, amsgrad=True), grads=g, n=6, seed=450 + i))

    # adagrad
    ada = [
        ('default', G()),
        ('lr', G(lr=0.1)),
        ('lr_decay', G(lr=0.1, lr_decay=0.01)),
        ('lr_decay_big', G(lr=0.1, lr_decay=3.0)),
        ('initial_accumulator', G(lr=0.1, initial_accumulator_value=0.1)),
        ('initial_accumulator_big', G(lr=0.1, initial_accumulator_value=100.0)),
        ('weight_decay', G(lr=0.1, weight_decay=0.1)),
        ('eps_big', G(lr=0.1, eps=0.5)),
        ('eps_0', G(lr=0.1, eps=0.0)),
        ('maximize', G(lr=0.1, maximize=True)),
        ('all', G(lr=0.05, lr_decay=0.1, weight_decay=0.02, initial_accumulator_value=0.5, eps=1e-6, maximize=True)),
        ('lr_0', G(lr=0.0, initial_accumulator_value=1.0)),
    ]
    for i, (n, o) in enumerate(ada):
        cs.append(stream_case('adagrad_' + n, o, seed=500 + i))
    for i, g in enumerate(['zero', 'sparse', 'late', 'huge', 'tiny', 'scales', 'subnormal']):
        cs.append(stream_case('adagrad_lr_decay_%s_grads' % g, G(lr=0.1, lr_decay=0.05), grads=g, n=6, seed=550 + i))
    # beyond the page's ranges, within PyTorch's: momentum above 1, dampening outside [0, 1]
    beyond = [
        ('rmsprop_momentum_1_5', R(momentum=1.5, lr=0.001)),
        ('rmsprop_centered_momentum_1_2', R(momentum=1.2, centered=True, lr=0.001)),
        ('sgd_momentum_1_2', S(momentum=1.2, lr=0.01)),
        ('sgd_dampening_negative', S(momentum=0.9, dampening=-0.5, lr=0.01)),
        ('sgd_dampening_1_5', S(momentum=0.9, dampening=1.5, lr=0.01)),
    ]
    for i, (n, o) in enumerate(beyond):
        cs.append(stream_case(n, o, seed=600 + i))
    return cs


def surface_cases():
    cs = []
    fns = [
        ('rosenbrock', {'name': 'rosenbrock', 'a': 1.0, 'b': 100.0}, [-1.5, 2.0]),
        ('rosenbrock_a2_b10', {'name': 'rosenbrock', 'a': 2.0, 'b': 10.0}, [-1.0, 0.5]),
        ('rosenbrock_a-0.5_b1', {'name': 'rosenbrock', 'a': -0.5, 'b': 1.0}, [1.2, -0.7]),
        ('rosenbrock_b0', {'name': 'rosenbrock', 'a': 0.3, 'b': 0.0}, [1.0, 1.0]),
        ('quadratic', {'name': 'quadratic', 'a': 1.0, 'b': 100.0}, [1.0, 1.0]),
        ('quadratic_a5_b0.5', {'name': 'quadratic', 'a': 5.0, 'b': 0.5}, [-0.8, 1.3]),
        ('beale', {'name': 'beale'}, [1.0, 1.5]),
        ('beale_far', {'name': 'beale'}, [-1.5, -0.3]),
        ('saddle', {'name': 'saddle'}, [1.0, 0.01]),
        ('saddle_origin_y', {'name': 'saddle'}, [0.0, 0.5]),
    ]
    opts = [
        ('rmsprop', opt('rmsprop', lr=0.01)),
        ('rmsprop_centered_momentum', opt('rmsprop', lr=0.003, centered=True, momentum=0.9)),
        ('sgd_nesterov', opt('sgd', lr=0.001, momentum=0.9, nesterov=True)),
        ('adam', opt('adam', lr=0.02)),
        ('adam_amsgrad', opt('adam', lr=0.02, amsgrad=True, weight_decay=0.01)),
        ('adagrad', opt('adagrad', lr=0.2, lr_decay=0.001)),
    ]
    for fname, fn, p0 in fns:
        for oname, o in opts:
            steps = 120
            o2 = dict(o)
            if fname.startswith('beale') and oname.startswith('sgd'):
                o2['lr'] = 1e-4
            cs.append(surface_case('%s/%s' % (fname, oname), fn, o2, p0, steps))
    # flags on surfaces
    cs.append(surface_case('rosenbrock/sgd_dampening_weight_decay', fns[0][1],
                           opt('sgd', lr=2e-4, momentum=0.9, dampening=0.3, weight_decay=0.1), [-1.5, 2.0], 150))
    cs.append(surface_case('saddle/sgd_maximize', {'name': 'saddle'}, opt('sgd', lr=0.01, maximize=True), [0.5, 0.5], 100))
    cs.append(surface_case('quadratic/rmsprop_maximize', fns[4][1], opt('rmsprop', lr=0.01, maximize=True), [0.1, -0.1], 100))
    cs.append(surface_case('rosenbrock/rmsprop_weight_decay', fns[0][1], opt('rmsprop', lr=0.01, weight_decay=0.1), [-1.5, 2.0], 200))
    cs.append(surface_case('beale/adam_maximize', {'name': 'beale'}, opt('adam', lr=0.01, maximize=True), [0.5, 0.5], 60))
    cs.append(surface_case('quadratic/adagrad_init_acc_wd', fns[4][1],
                           opt('adagrad', lr=0.3, initial_accumulator_value=0.5, weight_decay=0.2), [1.0, 1.0], 100))
    cs.append(surface_case('beale/no_steps', {'name': 'beale'}, opt('adam'), [1.0, 1.5], 0))
    cs.append(surface_case('rosenbrock/rmsprop_momentum_long', fns[0][1], opt('rmsprop', lr=5e-4, momentum=0.9), [-1.5, 2.0], 1000))
    cs.append(surface_case('quadratic/rmsprop_long', fns[4][1], opt('rmsprop', lr=0.001, alpha=0.9), [1.0, 1.0], 1000))
    # parameters with no minimum (the page does not offer them; the functions are defined)
    cs.append(surface_case('quadratic_negative_a/rmsprop', {'name': 'quadratic', 'a': -0.5, 'b': 4.0}, opt('rmsprop', lr=0.01), [0.3, 0.7], 60))
    cs.append(surface_case('rosenbrock_negative_b/sgd', {'name': 'rosenbrock', 'a': 1.0, 'b': -0.5}, opt('sgd', lr=0.001, momentum=0.5), [0.2, 0.4], 60))
    return cs


def mlp_cases():
    cs = []
    O = {
        'rmsprop': opt('rmsprop', lr=0.01),
        'rmsprop_centered_momentum': opt('rmsprop', lr=0.003, centered=True, momentum=0.9, weight_decay=0.01),
        'rmsprop_maximize': opt('rmsprop', lr=0.001, maximize=True),
        'sgd': opt('sgd', lr=0.1),
        'sgd_momentum_dampening': opt('sgd', lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01),
        'sgd_nesterov': opt('sgd', lr=0.05, momentum=0.9, nesterov=True),
        'adam': opt('adam', lr=0.01),
        'adam_amsgrad_wd': opt('adam', lr=0.01, amsgrad=True, weight_decay=0.01),
        'adagrad': opt('adagrad', lr=0.05),
        'adagrad_decay_init': opt('adagrad', lr=0.05, lr_decay=0.01, initial_accumulator_value=0.1, weight_decay=0.01),
    }
    onames = list(O)
    seed = 1000
    # every hidden activation x output x loss (bce reads the logits: the output is then irrelevant
    # to the loss, as the format says), optimizer cycling through all of them
    k = 0
    for act in ['tanh', 'relu', 'sigmoid', 'linear']:
        for out in ['linear', 'tanh', 'sigmoid']:
            for loss in ['mse', 'bce']:
                on = onames[k % len(onames)]
                k += 1
                seed += 1
                cs.append(mlp_case('%s_%s_%s/%s' % (act, out, loss, on), [2, 5, 1], act, out, loss, O[on], seed=seed))
    # every optimizer on one deeper network, per loss
    for on in onames:
        seed += 1
        cs.append(mlp_case('deep_tanh_mse/%s' % on, [3, 6, 5, 2], 'tanh', 'linear', 'mse', O[on], seed=seed))
        seed += 1
        cs.append(mlp_case('deep_relu_bce/%s' % on, [2, 8, 8, 1], 'relu', 'sigmoid', 'bce', O[on], seed=seed))
    # depths and widths
    shapes = [
        ('depth1_width1', [2, 1, 1], 'tanh', 'linear', 'mse'),
        ('depth1_width64', [2, 64, 1], 'relu', 'linear', 'mse'),
        ('depth2_width64', [4, 64, 64, 3], 'tanh', 'tanh', 'mse'),
        ('depth4', [2, 6, 5, 4, 3, 1], 'sigmoid', 'sigmoid', 'bce'),
        ('depth8', [2, 4, 4, 4, 4, 4, 4, 4, 4, 1], 'tanh', 'linear', 'mse'),
        ('depth8_relu', [3, 5, 5, 5, 5, 5, 5, 5, 5, 2], 'relu', 'linear', 'mse'),
        ('inputs16', [16, 8, 1], 'tanh', 'sigmoid', 'bce'),
        ('inputs16_outputs16', [16, 10, 16], 'relu', 'linear', 'mse'),
        ('outputs3_bce', [2, 6, 3], 'tanh', 'sigmoid', 'bce'),
        ('outputs4_sigmoid_mse', [5, 7, 4], 'sigmoid', 'sigmoid', 'mse'),
        ('inputs1', [1, 3, 1], 'tanh', 'tanh', 'mse'),
        ('bottleneck', [6, 1, 6, 2], 'linear', 'linear', 'mse'),
    ]
    for i, (n, layers, act, out, loss) in enumerate(shapes):
        on = onames[i % len(onames)]
        seed += 1
        steps = 6 if max(layers) >= 64 else 12
        cs.append(mlp_case('%s/%s' % (n, on), layers, act, out, loss, O[on], seed=seed, steps=steps))
    # edges: ReLU at exactly 0, saturated units, soft labels, big inputs
    seed += 1
    cs.append(mlp_case('relu_zero_preactivation/sgd', [2, 4, 1], 'relu', 'linear', 'mse', O['sgd'], seed=seed, zero_row=True))
    seed += 1
    cs.append(mlp_case('relu_zero_preactivation/rmsprop', [3, 5, 4, 1], 'relu', 'sigmoid', 'bce', O['rmsprop'], seed=seed, zero_row=True))
    seed += 1
    cs.append(mlp_case('saturated_tanh/rmsprop', [2, 6, 1], 'tanh', 'tanh', 'mse', O['rmsprop'], seed=seed, x_scale=30.0))
    seed += 1
    cs.append(mlp_case('saturated_sigmoid_bce/adam', [2, 6, 1], 'sigmoid', 'sigmoid', 'bce', O['adam'], seed=seed,
                       x_scale=20.0, w_scale=3.0))
    seed += 1
    cs.append(mlp_case('large_logits_bce/rmsprop', [2, 4, 2], 'linear', 'linear', 'bce', O['rmsprop'], seed=seed,
                       x_scale=40.0, w_scale=2.0))
    seed += 1
    cs.append(mlp_case('soft_labels_bce/adagrad', [3, 5, 2], 'tanh', 'sigmoid', 'bce', O['adagrad'], seed=seed, labels='soft'))
    seed += 1
    cs.append(mlp_case('single_row/adam', [2, 3, 1], 'tanh', 'linear', 'mse', O['adam'], seed=seed, n=1))
    seed += 1
    cs.append(mlp_case('long_mse/rmsprop', [2, 8, 1], 'tanh', 'linear', 'mse', opt('rmsprop', lr=0.001, momentum=0.5), seed=1101, steps=150))
    cs.append(mlp_case('long_bce/rmsprop', [2, 8, 1], 'tanh', 'sigmoid', 'bce', opt('rmsprop', lr=0.003, momentum=0.5), seed=1102, steps=150))
    seed += 1
    cs.append(mlp_case('adam_betas_near_1/adam', [2, 5, 1], 'tanh', 'linear', 'mse',
                       opt('adam', lr=0.01, beta1=0.99999999, beta2=0.9999999999), seed=seed))
    seed += 1
    cs.append(mlp_case('no_steps/sgd', [2, 3, 2], 'tanh', 'sigmoid', 'bce', O['sgd'], seed=seed, steps=0))
    seed += 1
    cs.append(mlp_case('lr_0/rmsprop', [2, 3, 1], 'relu', 'linear', 'mse', opt('rmsprop', lr=0.0), seed=seed))
    seed += 1
    cs.append(mlp_case('big_eps/rmsprop', [2, 3, 1], 'sigmoid', 'linear', 'mse', opt('rmsprop', lr=0.1, eps=1.0, alpha=0.5), seed=seed))
    # beyond the playground's limits: no hidden layer, more than 8 hidden layers, wide layers,
    # more than 16 inputs or outputs
    beyond = [
        ('no_hidden_mse', [2, 1], 'tanh', 'linear', 'mse', 'rmsprop'),
        ('no_hidden_logistic_bce', [2, 1], 'tanh', 'sigmoid', 'bce', 'sgd'),
        ('no_hidden_multi', [4, 3], 'tanh', 'tanh', 'mse', 'adam'),
        ('depth10', [2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1], 'tanh', 'linear', 'mse', 'rmsprop'),
        ('width100', [3, 100, 2], 'relu', 'linear', 'mse', 'rmsprop_centered_momentum'),
        ('inputs20', [20, 8, 1], 'tanh', 'sigmoid', 'bce', 'adagrad'),
        ('outputs20', [4, 6, 20], 'linear', 'linear', 'mse', 'sgd_momentum_dampening'),
    ]
    for n, layers, act, out, loss, on in beyond:
        seed += 1
        cs.append(mlp_case('%s/%s' % (n, on), layers, act, out, loss, O[on], seed=seed, steps=6 if max(layers) >= 64 else 12))
    return cs


def all_cases():
    return stream_cases() + surface_cases() + mlp_cases()
