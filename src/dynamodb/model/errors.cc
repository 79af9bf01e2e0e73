#include "model/errors.h"

namespace localcloud::dynamodb::model::errors {

AwsError bad_number(NumberProblem problem, std::string_view text, MessageStyle style,
                    bool envelope) {
  std::string message;
  switch (problem) {
    case NumberProblem::kNotNumeric:
      message = kNotNumeric;
      if (style == MessageStyle::kCurrent || !text.empty()) message.append(": ").append(text);
      break;
    case NumberProblem::kOverflow:
      message = kNumberOverflow;
      break;
    case NumberProblem::kUnderflow:
      message = kNumberUnderflow;
      break;
    case NumberProblem::kTooManyDigits:
      message = kTooManyDigits;
      break;
  }
  return invalid_value(std::move(message), envelope);
}

AwsError nesting_too_deep() { return localcloud::errors::validation(std::string(kNestingTooDeep)); }

AwsError item_too_large() { return localcloud::errors::validation(std::string(kItemTooLarge)); }

AwsError invalid_value(std::string message, bool envelope) {
  if (envelope) message.insert(0, kValidationEnvelope);
  return localcloud::errors::validation(std::move(message));
}

AwsError malformed(std::string_view message) {
  return localcloud::errors::serialization(std::string(message));
}

}  // namespace localcloud::dynamodb::model::errors
