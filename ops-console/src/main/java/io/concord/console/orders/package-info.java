/**
 * Orders (fulfillment-service): search orders, show one with its lines, amounts,
 * payments, parcels, returns, delivery promise and the placement saga's history, and move
 * it along by hand (cancel, allocate, ship, deliver, receive or reject a return) where
 * the role and the order's state allow; the API decides, the console shows its answer.
 */
@NullMarked
package io.concord.console.orders;

import org.jspecify.annotations.NullMarked;
