#!/usr/bin/env python3
"""Writes a tiny Keras 2 HDF5 model and the features an independent numpy forward pass gives for fixed inputs.

The tests of KerasFeatureExtractor import the model with DL4J and compare its features with the numpy ones.
The file has the layout tf.keras 2.x's model.save("x.h5") writes under h5py 3, without TensorFlow: root
attributes keras_version, backend and model_config (the JSON config), all variable-length strings, and a
model_weights group with one group per layer, each with a weight_names attribute and its weights as float32
datasets under <layer>/<layer>/<weight>:0.

The default model is a miniature Inception (functional, the layer types InceptionV3 uses): a strided conv
without bias, batch normalization without scale, ReLU, max pooling, a mixed block of a 1x3 conv branch and an
average-pooling branch joined by Concatenate, then GlobalAveragePooling2D named "avg_pool" and a Dense softmax
after it, so the feature layer is not the last one. --sequential writes a Sequential model instead: conv, ReLU, max pooling,
avg_pool, Dense. --unsupported-layer puts an identity Rescaling layer after the functional model's input, a
layer type DL4J 1.0.0-M2.1's Keras import does not know, to test how that failure is reported.

The expected-features file is JSON: the network's input size, the feature layer, and cases, each a batch of
samples as Equilibrium gives them (rows of flattened CHW values in [-1, 1], square images with 1 or 3
channels, any size) with the features of each row. Grayscale samples are replicated to 3 channels and other
sizes are resized with bilinear interpolation on half-pixel centres (tf.image.resize's and PyTorch's
align_corners=False convention) before the forward pass.

usage: make-keras-test-model.py MODEL.h5 [--sequential | --unsupported-layer] [--expected FEATURES.json]
       (FEATURES.json defaults to MODEL.expected.json beside the model)
needs: python3-h5py python3-numpy (Debian packages; no TensorFlow)
"""
import argparse
import json
import sys

try:
  import h5py
  import numpy as np
except ImportError as e:
  sys.exit(f"make-keras-test-model.py: {e}; install with: apt-get install -y python3-h5py python3-numpy")

SEED = 20240611
SIZE = 16  # the network's input height and width
CHANNELS = 3
KERAS_VERSION = "2.11.0"
BN_EPSILON = 0.001
FEATURE_LAYER = "avg_pool"


# ---------------------------------------------------------------------------------------------------------
# Keras layer configs, as tf.keras 2.x's get_config() writes them

def initializer(name):
  return {"class_name": name, "config": {"seed": None} if name == "GlorotUniform" else {}}


def input_config(name):
  return {"batch_input_shape": [None, SIZE, SIZE, CHANNELS], "dtype": "float32", "sparse": False,
          "ragged": False, "name": name}


def conv_config(name, filters, kernel, strides, padding, use_bias, activation="linear"):
  """kernel: (rows, columns)"""
  return {"name": name, "trainable": True, "dtype": "float32", "filters": filters,
          "kernel_size": list(kernel), "strides": [strides, strides], "padding": padding,
          "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": activation,
          "use_bias": use_bias, "kernel_initializer": initializer("GlorotUniform"),
          "bias_initializer": initializer("Zeros"), "kernel_regularizer": None, "bias_regularizer": None,
          "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}


def batch_norm_config(name):
  # InceptionV3's conv2d_bn uses BatchNormalization(axis=3, scale=False): no gamma weight.
  return {"name": name, "trainable": True, "dtype": "float32", "axis": 3, "momentum": 0.99,
          "epsilon": BN_EPSILON, "center": True, "scale": False, "beta_initializer": initializer("Zeros"),
          "gamma_initializer": initializer("Ones"), "moving_mean_initializer": initializer("Zeros"),
          "moving_variance_initializer": initializer("Ones"), "beta_regularizer": None,
          "gamma_regularizer": None, "beta_constraint": None, "gamma_constraint": None}


def activation_config(name, activation):
  return {"name": name, "trainable": True, "dtype": "float32", "activation": activation}


def pool_config(name, pool, strides, padding):
  return {"name": name, "trainable": True, "dtype": "float32", "pool_size": [pool, pool], "padding": padding,
          "strides": [strides, strides], "data_format": "channels_last"}


def global_pool_config(name):
  return {"name": name, "trainable": True, "dtype": "float32", "data_format": "channels_last",
          "keepdims": False}


def concatenate_config(name):
  return {"name": name, "trainable": True, "dtype": "float32", "axis": 3}


def dense_config(name, units, activation):
  return {"name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
          "use_bias": True, "kernel_initializer": initializer("GlorotUniform"),
          "bias_initializer": initializer("Zeros"), "kernel_regularizer": None, "bias_regularizer": None,
          "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}


# ---------------------------------------------------------------------------------------------------------
# The models: Keras layers (class name, config, inputs, weights in Keras order) and a numpy forward pass

class Model:
  def __init__(self):
    self.layers = []  # (class_name, config, inbound layer names, [(weight name, array)])

  def add(self, class_name, config, inbound, weights=()):
    self.layers.append((class_name, config, list(inbound), list(weights)))
    return config["name"]


def mini_inception(rng, unsupported_layer=False):
  m = Model()
  x = m.add("InputLayer", input_config("input_1"), [])
  if unsupported_layer:
    x = m.add("Rescaling", {"name": "rescaling", "trainable": True, "dtype": "float32", "scale": 1.0,
                            "offset": 0.0}, [x])
  # stem: conv2d_bn with strides 2 and valid padding, then max pooling 3x3/2, as InceptionV3's stem
  x = m.add("Conv2D", conv_config("conv2d", 8, (3, 3), 2, "valid", False), [x],
            [("kernel", rng.normal(0, 0.4, (3, 3, CHANNELS, 8)))])
  x = m.add("BatchNormalization", batch_norm_config("batch_normalization"), [x], batch_norm_weights(rng, 8))
  x = m.add("Activation", activation_config("activation", "relu"), [x])
  x = m.add("MaxPooling2D", pool_config("max_pooling2d", 3, 2, "valid"), [x])
  # mixed block: a 1x3 conv_bn branch (InceptionV3 factorises 3x3 and 7x7 kernels into 1xn and nx1) and an
  # average-pooling branch (3x3/1, same, as InceptionV3's branch_pool) with a 3x3 same conv
  # (a positive mean keeps this branch's ReLUs alive on the non-negative pooled input: no constant features)
  b1 = m.add("Conv2D", conv_config("conv2d_1", 4, (1, 3), 1, "same", False), [x],
             [("kernel", rng.normal(0.1, 0.4, (1, 3, 8, 4)))])
  b1 = m.add("BatchNormalization", batch_norm_config("batch_normalization_1"), [b1], batch_norm_weights(rng, 4))
  b1 = m.add("Activation", activation_config("activation_1", "relu"), [b1])
  bp = m.add("AveragePooling2D", pool_config("average_pooling2d", 3, 1, "same"), [x])
  bp = m.add("Conv2D", conv_config("conv2d_2", 3, (3, 3), 1, "same", True), [bp],
             [("kernel", rng.normal(0, 0.3, (3, 3, 8, 3))), ("bias", rng.normal(0, 0.1, (3,)))])
  bp = m.add("Activation", activation_config("activation_2", "relu"), [bp])
  x = m.add("Concatenate", concatenate_config("mixed0"), [b1, bp])
  x = m.add("GlobalAveragePooling2D", global_pool_config(FEATURE_LAYER), [x])
  m.add("Dense", dense_config("predictions", 5, "softmax"), [x],
        [("kernel", rng.normal(0, 0.5, (7, 5))), ("bias", rng.normal(0, 0.1, (5,)))])
  return m


def small_sequential(rng):
  m = Model()
  x = m.add("InputLayer", input_config("conv2d_input"), [])
  x = m.add("Conv2D", conv_config("conv2d", 4, (3, 3), 1, "valid", True), [x],
            [("kernel", rng.normal(0, 0.4, (3, 3, CHANNELS, 4))), ("bias", rng.normal(0, 0.1, (4,)))])
  x = m.add("Activation", activation_config("activation", "relu"), [x])
  x = m.add("MaxPooling2D", pool_config("max_pooling2d", 2, 2, "valid"), [x])
  x = m.add("GlobalAveragePooling2D", global_pool_config(FEATURE_LAYER), [x])
  m.add("Dense", dense_config("dense", 3, "softmax"), [x],
        [("kernel", rng.normal(0, 0.5, (4, 3))), ("bias", rng.normal(0, 0.1, (3,)))])
  return m


def batch_norm_weights(rng, n):
  return [("beta", rng.normal(0, 0.2, (n,))), ("moving_mean", rng.normal(0, 0.3, (n,))),
          ("moving_variance", rng.uniform(0.5, 1.5, (n,)))]


def same_padding(size, kernel, stride):
  """TensorFlow's "same": out = ceil(size / stride), the odd pixel of padding goes after."""
  out = -(-size // stride)
  total = max((out - 1) * stride + kernel - size, 0)
  return total // 2, total - total // 2


def windows(x, kernel, stride, padding, fill):
  """[n, oh, ow, kh, kw, c] patches of NHWC x for kernel (kh, kw), and where they are not padding."""
  n, h, w, c = x.shape
  kh, kw = kernel
  if padding == "same":
    (top, bottom), (left, right) = same_padding(h, kh, stride), same_padding(w, kw, stride)
  else:
    top = bottom = left = right = 0
  padded = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=fill)
  inside = np.pad(np.ones((1, h, w, 1)), ((0, 0), (top, bottom), (left, right), (0, 0)))
  oh = (padded.shape[1] - kh) // stride + 1
  ow = (padded.shape[2] - kw) // stride + 1
  patches = np.empty((n, oh, ow, kh, kw, c))
  mask = np.empty((1, oh, ow, kh, kw, 1))
  for i in range(oh):
    for j in range(ow):
      rows, cols = slice(i * stride, i * stride + kh), slice(j * stride, j * stride + kw)
      patches[:, i, j] = padded[:, rows, cols, :]
      mask[:, i, j] = inside[:, rows, cols, :]
  return patches, mask


def forward(model, x, stop_at):
  """Runs NHWC float64 input x through the model (numpy, inference mode) and returns stop_at's output."""
  outputs = {}
  for class_name, config, inbound, weights in model.layers:
    w = dict(weights)
    inputs = [outputs[name] for name in inbound]
    if class_name == "InputLayer":
      y = x
    elif class_name == "Rescaling":
      y = inputs[0] * config["scale"] + config["offset"]
    elif class_name == "Conv2D":
      patches, _ = windows(inputs[0], config["kernel_size"], config["strides"][0], config["padding"], 0.0)
      y = np.einsum("nijabc,abco->nijo", patches, w["kernel"])
      if config["use_bias"]:
        y = y + w["bias"]
      y = activate(y, config["activation"])
    elif class_name == "BatchNormalization":
      y = (inputs[0] - w["moving_mean"]) / np.sqrt(w["moving_variance"] + config["epsilon"]) + w["beta"]
    elif class_name == "Activation":
      y = activate(inputs[0], config["activation"])
    elif class_name == "MaxPooling2D":
      patches, _ = windows(inputs[0], config["pool_size"], config["strides"][0], config["padding"], -np.inf)
      y = patches.max(axis=(3, 4))
    elif class_name == "AveragePooling2D":
      # TensorFlow averages over the window's pixels inside the image only
      patches, mask = windows(inputs[0], config["pool_size"], config["strides"][0], config["padding"], 0.0)
      y = patches.sum(axis=(3, 4)) / mask.sum(axis=(3, 4))
    elif class_name == "Concatenate":
      y = np.concatenate(inputs, axis=-1)
    elif class_name == "GlobalAveragePooling2D":
      y = inputs[0].mean(axis=(1, 2))
    elif class_name == "Dense":
      y = activate(inputs[0] @ w["kernel"] + w["bias"], config["activation"])
    else:
      raise ValueError(class_name)
    outputs[config["name"]] = y
    if config["name"] == stop_at:
      return y
  raise ValueError(f"no layer {stop_at}")


def activate(x, activation):
  if activation == "linear":
    return x
  if activation == "relu":
    return np.maximum(x, 0.0)
  if activation == "softmax":
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
  raise ValueError(activation)


# ---------------------------------------------------------------------------------------------------------
# What Equilibrium feeds the extractor: flattened CHW rows, 1 or 3 channels, any square size

def resize_bilinear(x, size):
  """NHWC bilinear resize on half-pixel centres (tf.image.resize, PyTorch align_corners=False), no antialias."""
  def axis_weights(n_in):
    src = np.clip((np.arange(size) + 0.5) * (n_in / size) - 0.5, 0, n_in - 1)
    lo = np.floor(src).astype(int)
    hi = np.minimum(lo + 1, n_in - 1)
    return lo, hi, src - lo
  rlo, rhi, rw = axis_weights(x.shape[1])
  clo, chi, cw = axis_weights(x.shape[2])
  rows = x[:, rlo] * (1 - rw)[None, :, None, None] + x[:, rhi] * rw[None, :, None, None]
  return rows[:, :, clo] * (1 - cw)[None, None, :, None] + rows[:, :, chi] * cw[None, None, :, None]


def network_input(samples, channels, size):
  """[n, C*H*W] CHW rows -> the NHWC network input: 3 channels, SIZE x SIZE, values unchanged."""
  x = samples.reshape(len(samples), channels, size, size).transpose(0, 2, 3, 1)
  if channels == 1:
    x = np.repeat(x, CHANNELS, axis=3)
  if size != SIZE:
    x = resize_bilinear(x, SIZE)
  return x


def cases(model, rng):
  result = []
  for name, n, channels, size in [("rgb", 3, 3, SIZE), ("grayscale", 2, 1, SIZE), ("upsampled", 2, 3, 10),
                                  ("downsampled-grayscale", 2, 1, 23)]:
    samples = rng.uniform(-1, 1, (n, channels * size * size)).astype(np.float32)
    x = network_input(samples.astype(np.float64), channels, size)
    features = forward(model, x, FEATURE_LAYER)
    result.append({"name": name, "channels": channels, "height": size, "width": size,
                   "samples": samples.tolist(), "features": features.tolist()})
  return result


# ---------------------------------------------------------------------------------------------------------
# The HDF5 file, as tf.keras 2.x's hdf5_format.save_model_to_hdf5 writes it

def model_config(model, sequential):
  if sequential:
    layers = [{"class_name": c, "config": cfg} for c, cfg, _, _ in model.layers]
    return {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}
  layers = []
  for class_name, config, inbound, _ in model.layers:
    nodes = [[[name, 0, 0, {}] for name in inbound]] if inbound else []
    layers.append({"class_name": class_name, "config": config, "name": config["name"], "inbound_nodes": nodes})
  first, last = model.layers[0][1]["name"], model.layers[-1][1]["name"]
  return {"class_name": "Functional", "config": {"name": "model", "layers": layers,
                                                 "input_layers": [[first, 0, 0]],
                                                 "output_layers": [[last, 0, 0]]}}


def write_model(path, model, sequential):
  with h5py.File(path, "w") as f:
    # As Keras under h5py 3: str values become variable-length UTF-8 strings, bytes variable-length ASCII
    f.attrs["keras_version"] = KERAS_VERSION
    f.attrs["backend"] = "tensorflow"
    f.attrs["model_config"] = json.dumps(model_config(model, sequential)).encode("utf8")
    # model.layers: a Sequential model's omit its InputLayer, a functional model's include it
    layers = [layer for layer in model.layers if not (sequential and layer[0] == "InputLayer")]
    weights = f.create_group("model_weights")
    weights.attrs["layer_names"] = [cfg["name"].encode("utf8") for _, cfg, _, _ in layers]
    weights.attrs["backend"] = b"tensorflow"
    weights.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
    for _, config, _, layer_weights in sorted(layers, key=lambda layer: layer[1]["name"]):
      name = config["name"]
      group = weights.create_group(name)
      names = [f"{name}/{weight}:0".encode("utf8") for weight, _ in layer_weights]
      # Keras assigns the list: h5py 3 stores variable-length strings, or an empty float array for no weights
      group.attrs["weight_names"] = names
      for weight_name, (_, value) in zip(names, layer_weights):
        group.create_dataset(weight_name.decode("utf8"), data=value.astype(np.float32))


def main():
  parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
  parser.add_argument("model", help="the .h5 file to write")
  kind = parser.add_mutually_exclusive_group()
  kind.add_argument("--sequential", action="store_true", help="a Sequential model instead of a functional one")
  kind.add_argument("--unsupported-layer", action="store_true",
                    help="add a Rescaling layer, which DL4J 1.0.0-M2.1 cannot import")
  parser.add_argument("--expected", help="the expected-features JSON (default: MODEL.expected.json)")
  args = parser.parse_args()
  expected = args.expected or (args.model[:-3] if args.model.endswith(".h5") else args.model) + ".expected.json"

  rng = np.random.default_rng(SEED)
  model = small_sequential(rng) if args.sequential else mini_inception(rng, args.unsupported_layer)
  # The weights as float32, as stored, so the reference uses exactly what the file holds.
  model.layers = [(c, cfg, inb, [(n, v.astype(np.float32).astype(np.float64)) for n, v in ws])
                  for c, cfg, inb, ws in model.layers]
  write_model(args.model, model, args.sequential)
  with open(expected, "w") as f:
    json.dump({"height": SIZE, "width": SIZE, "channels": CHANNELS, "featureLayer": FEATURE_LAYER,
               "cases": cases(model, rng)}, f)
  print(f"wrote {args.model} and {expected}")


if __name__ == "__main__":
  main()
