// The blocked matrix kernel gives exactly the bits of the plain triple loop, for every shape
// class (blocks of 2 rows x 8 columns and all remainders) and both ways of reading A.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "core/rng.hpp"
#include "nn/gemm.hpp"

namespace {

void naive(std::size_t R, std::size_t K, std::size_t M, const double* A, std::size_t a_row, std::size_t a_col,
           const double* B, std::size_t ldb, const double* init, double* C, std::size_t ldc) {
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t m = 0; m < M; ++m) {
      double s = init ? init[m] : 0.0;
      for (std::size_t k = 0; k < K; ++k) s += A[r * a_row + k * a_col] * B[k * ldb + m];
      C[r * ldc + m] = s;
    }
}

}  // namespace

TEST_CASE("gemm_acc equals the plain loop bit for bit", "[mlp][gemm]") {
  const std::uint64_t seed = 20261125;
  INFO("seed " << seed);
  rp::Rng rng(seed);
  for (std::size_t R : {1, 2, 3, 7, 64})
    for (std::size_t K : {1, 2, 5, 33})
      for (std::size_t M : {1, 2, 3, 8, 9, 17, 64})
        for (int transposed = 0; transposed < 2; ++transposed)
          for (int with_init = 0; with_init < 2; ++with_init) {
            std::vector<double> A(R * K), B(K * M), init(M), C1(R * M, -1), C2(R * M, -2);
            for (auto* v : {&A, &B, &init})
              for (double& x : *v) x = rng.normal();
            const std::size_t a_row = transposed ? 1 : K, a_col = transposed ? R : 1;
            const double* in = with_init ? init.data() : nullptr;
            rp::gemm_acc(R, K, M, A.data(), a_row, a_col, B.data(), M, in, C1.data(), M);
            naive(R, K, M, A.data(), a_row, a_col, B.data(), M, in, C2.data(), M);
            INFO("R " << R << " K " << K << " M " << M << " transposed " << transposed << " init " << with_init);
            REQUIRE(std::memcmp(C1.data(), C2.data(), C1.size() * sizeof(double)) == 0);
          }
}
