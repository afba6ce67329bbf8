// The one place the core includes xtensor, so a version change touches one file.
// Debian's xtensor-dev 0.24.3 ships flat headers (<xtensor/xtensor.hpp>).
#pragma once

#include <xtensor/xadapt.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>

namespace rp {

using Vec = xt::xtensor<double, 1>;
using Mat = xt::xtensor<double, 2>;  // row-major

}  // namespace rp
