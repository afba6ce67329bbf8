#include "nn/gemm.hpp"

#include <cstring>

namespace rp {

namespace {

// Two doubles as one vector: element-wise +, * are the IEEE operations of each lane.
typedef double v2d __attribute__((vector_size(16)));

inline v2d load2(const double* p) {
  v2d v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store2(double* p, v2d v) { std::memcpy(p, &v, sizeof v); }
inline v2d splat(double x) { return v2d{x, x}; }
inline v2d init2(const double* init, std::size_t m) { return init ? load2(init + m) : v2d{0.0, 0.0}; }
inline double init1(const double* init, std::size_t m) { return init ? init[m] : 0.0; }

// Rows r0 (and r0 + 1 when two) of C, columns [m0, M).
template <int Rows>
void rows_block(std::size_t r0, std::size_t K, std::size_t M, const double* A, std::size_t a_row,
                std::size_t a_col, const double* B, std::size_t ldb, const double* init, double* C,
                std::size_t ldc) {
  const double* a0 = A + r0 * a_row;
  const double* a1 = A + (r0 + 1) * a_row;
  double* c0 = C + r0 * ldc;
  double* c1 = C + (r0 + 1) * ldc;
  std::size_t m = 0;
  for (; m + 8 <= M; m += 8) {
    v2d x0 = init2(init, m), x1 = init2(init, m + 2), x2 = init2(init, m + 4), x3 = init2(init, m + 6);
    v2d y0 = x0, y1 = x1, y2 = x2, y3 = x3;
    for (std::size_t k = 0; k < K; ++k) {
      const double* b = B + k * ldb + m;
      const v2d b0 = load2(b), b1 = load2(b + 2), b2 = load2(b + 4), b3 = load2(b + 6);
      const v2d p = splat(a0[k * a_col]);
      x0 += p * b0;
      x1 += p * b1;
      x2 += p * b2;
      x3 += p * b3;
      if (Rows == 2) {
        const v2d q = splat(a1[k * a_col]);
        y0 += q * b0;
        y1 += q * b1;
        y2 += q * b2;
        y3 += q * b3;
      }
    }
    store2(c0 + m, x0);
    store2(c0 + m + 2, x1);
    store2(c0 + m + 4, x2);
    store2(c0 + m + 6, x3);
    if (Rows == 2) {
      store2(c1 + m, y0);
      store2(c1 + m + 2, y1);
      store2(c1 + m + 4, y2);
      store2(c1 + m + 6, y3);
    }
  }
  for (; m + 2 <= M; m += 2) {
    v2d x = init2(init, m), y = x;
    for (std::size_t k = 0; k < K; ++k) {
      const v2d b = load2(B + k * ldb + m);
      x += splat(a0[k * a_col]) * b;
      if (Rows == 2) y += splat(a1[k * a_col]) * b;
    }
    store2(c0 + m, x);
    if (Rows == 2) store2(c1 + m, y);
  }
  for (; m < M; ++m) {
    double x = init1(init, m), y = x;
    for (std::size_t k = 0; k < K; ++k) {
      const double b = B[k * ldb + m];
      x += a0[k * a_col] * b;
      if (Rows == 2) y += a1[k * a_col] * b;
    }
    c0[m] = x;
    if (Rows == 2) c1[m] = y;
  }
}

}  // namespace

void gemm_acc(std::size_t R, std::size_t K, std::size_t M, const double* A, std::size_t a_row,
              std::size_t a_col, const double* B, std::size_t ldb, const double* init, double* C,
              std::size_t ldc) {
  std::size_t r = 0;
  for (; r + 2 <= R; r += 2) rows_block<2>(r, K, M, A, a_row, a_col, B, ldb, init, C, ldc);
  if (r < R) rows_block<1>(r, K, M, A, a_row, a_col, B, ldb, init, C, ldc);
}

}  // namespace rp
