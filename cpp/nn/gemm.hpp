// The one matrix kernel of the MLP: C = init + A·B with every output summed in ascending k.
//
//   C[r][m] = init[m] + sum_{k=0..K-1} A(r, k) * B[k][m]      r < R, m < M
//
// A(r, k) is A[r * a_row + k * a_col], so A may be read transposed (the weight gradient reads
// delta^T this way); B and C are row-major with leading dimensions ldb and ldc; init may be
// null (then 0). Blocked for registers (2 rows x 8 columns, as pairs of doubles), but each
// output still gets exactly init + a0 b0 + a1 b1 + ... in that order, each product and sum
// rounded separately: the same bits as the plain triple loop, natively (SSE2) and in wasm
// (SIMD128), which keeps native and wasm bit-for-bit equal and the golden replays unchanged.
#pragma once

#include <cstddef>

namespace rp {

void gemm_acc(std::size_t R, std::size_t K, std::size_t M, const double* A, std::size_t a_row,
              std::size_t a_col, const double* B, std::size_t ldb, const double* init, double* C,
              std::size_t ldc);

}  // namespace rp
