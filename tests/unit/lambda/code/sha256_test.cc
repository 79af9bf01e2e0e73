#include "code/sha256.h"

#include <gtest/gtest.h>

#include <string>

namespace localcloud::lambda::code {
namespace {

TEST(Sha256, MatchesKnownVectorsInHexAndLambdasBase64) {
  struct Case {
    std::string input;
    const char* hex;
    const char* base64;  // CodeSha256 as Lambda reports it
  };
  const Case cases[] = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
       "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
       "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE="},
      {std::string(1'000'000, 'a'),
       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
       "zcduXJkU+5KBocfihNc+Z/GAmkiklyAOBG05zMcRLNA="},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(sha256_hex(c.input), c.hex) << c.input.size();
    EXPECT_EQ(sha256_base64(c.input), c.base64) << c.input.size();
  }
}

// Lengths around the padding boundaries: the length field fits in the last
// block up to 55 bytes of tail, and needs another block from 56.
TEST(Sha256, PaddingBoundaries) {
  struct Case {
    size_t length;
    const char* hex;
  };
  const Case cases[] = {
      {55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"},
      {56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"},
      {63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2"},
      {64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"},
      {65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9"},
      {119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c"},
      {120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98"},
  };
  for (const auto& c : cases) EXPECT_EQ(sha256_hex(std::string(c.length, 'x')), c.hex) << c.length;
}

}  // namespace
}  // namespace localcloud::lambda::code
