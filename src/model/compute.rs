//! Execution of a compute run on on-demand or Spot instances.
