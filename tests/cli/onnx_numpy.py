"""Evaluates the ONNX graphs campsim writes with numpy (Debian's onnx 1.12 has no reference
evaluator): just the opset-13 operators those graphs use, with ONNX's broadcasting rules."""
import numpy as np
from onnx import numpy_helper

_DTYPES = {1: np.float32, 7: np.int64, 9: np.bool_, 11: np.float64}


def _attrs(node):
    out = {}
    for a in node.attribute:
        out[a.name] = list(a.ints) if a.type == 7 else a.i
    return out


def _argmax(x, axis, keepdims, select_last_index):
    assert select_last_index == 0
    return np.expand_dims(np.argmax(x, axis=axis), axis) if keepdims else np.argmax(x, axis=axis)


def run(model, feeds):
    values = dict(feeds)
    for init in model.graph.initializer:
        values[init.name] = numpy_helper.to_array(init)
    for node in model.graph.node:
        x = [values[i] for i in node.input]
        a = _attrs(node)
        op = node.op_type
        if op == "Gather":
            y = np.take(x[0], x[1], axis=a.get("axis", 0))
        elif op == "IsNaN":
            y = np.isnan(x[0])
        elif op == "Where":
            y = np.where(x[0], x[1], x[2])
        elif op in ("Max", "Min"):
            y = (np.maximum if op == "Max" else np.minimum)(x[0], x[1])
        elif op in ("Add", "Sub", "Mul", "Div"):
            y = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide}[op](x[0], x[1])
        elif op in ("Log", "Exp", "Sqrt"):
            y = {"Log": np.log, "Exp": np.exp, "Sqrt": np.sqrt}[op](x[0])
        elif op == "Equal":
            y = np.equal(x[0], x[1])
        elif op == "Greater":
            y = np.greater(x[0], x[1])
        elif op == "Cast":
            y = x[0].astype(_DTYPES[a["to"]])
        elif op == "Concat":
            y = np.concatenate(x, axis=a["axis"])
        elif op == "Relu":
            y = np.maximum(x[0], 0.0)
        elif op == "MatMul":
            y = np.matmul(x[0], x[1])
        elif op == "Reshape":
            shape = [x[0].shape[i] if s == 0 else s for i, s in enumerate(x[1])]
            y = x[0].reshape(shape)
        elif op == "Unsqueeze":
            y = np.expand_dims(x[0], tuple(x[1]))
        elif op == "ReduceSum":
            y = np.sum(x[0], axis=tuple(x[1]), keepdims=bool(a.get("keepdims", 1)))
        elif op == "ReduceMax":
            y = np.max(x[0], axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1)))
        elif op == "ArgMax":
            y = _argmax(x[0], a.get("axis", 0), a.get("keepdims", 1), a.get("select_last_index", 0))
        elif op == "Identity":
            y = x[0]
        else:
            raise NotImplementedError(op)
        values[node.output[0]] = y
    return {o.name: values[o.name] for o in model.graph.output}
