//! Compute: indicators derived from the model.
