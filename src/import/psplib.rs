//! PSPLIB `.sm` instances (RCPSP benchmark sets j30, j60, j90, j120).
